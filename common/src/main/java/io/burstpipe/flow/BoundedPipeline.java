package io.burstpipe.flow;

import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded queue between producers and consumers that measures its own backpressure: current depth,
 * the high-water mark, and the total time producers spent blocked because it was full.
 *
 * <p>Thread-safe for any number of producer and consumer threads. Every blocking method takes a
 * timeout or an {@link Event}, so neither side can wait forever: a consumer cannot hang on an empty
 * queue and a producer cannot hang on a full one (the two hazards of the threading tutorial).
 *
 * <p>Consumers take items in batches ({@link #drainTo}); one lock acquisition per batch instead of
 * one per item is what lets the pipeline keep up with a raw {@code ArrayBlockingQueue}.
 *
 * @param <T> the item type
 */
public final class BoundedPipeline<T> {

    /** The tutorial's {@code queue.Queue(maxsize=10)}. */
    public static final int DEFAULT_CAPACITY = 10;
    /** Longest single wait inside {@link #put}; bounds how late a set {@code giveUp} is noticed. */
    private static final long PUT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * How long a producer facing a full queue (or a consumer facing an empty one) retries before it
     * parks. The other side usually acts within microseconds, and a park/unpark round trip costs more
     * than that, so a short spin is what lets a small queue keep pace with a raw one.
     */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final ArrayBlockingQueue<T> queue;
    private final int capacity;
    private final AtomicInteger highWaterMark = new AtomicInteger();
    private final LongAdder producerBlockedNanos = new LongAdder();

    /** @param capacity maximum number of queued items, at least 1 */
    public BoundedPipeline(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 (was " + capacity + ")");
        }
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public BoundedPipeline() {
        this(DEFAULT_CAPACITY);
    }

    /** Adds the item if there is room now; never blocks. */
    public boolean tryOffer(T item) {
        if (queue.offer(item)) {
            return true;
        }
        recordDepth(capacity);
        return false;
    }

    /**
     * Adds the item, waiting up to the timeout for room. Time spent waiting counts as producer blocked
     * time.
     *
     * @return {@code false} if the queue stayed full for the whole timeout
     */
    public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
        if (tryOffer(item)) {
            return true;
        }
        long start = System.nanoTime();
        try {
            return spinOffer(item, start) || queue.offer(item, timeout, unit);
        } finally {
            producerBlockedNanos.add(System.nanoTime() - start);
        }
    }

    /**
     * Adds the item, waiting as long as it takes unless {@code giveUp} is set first. Waits in short
     * slices so a set {@code giveUp} is noticed within 50 ms.
     *
     * @return {@code true} once added; {@code false} if {@code giveUp} was set while the queue was full
     */
    public boolean put(T item, Event giveUp) throws InterruptedException {
        if (tryOffer(item)) {
            return true;
        }
        long start = System.nanoTime();
        try {
            if (spinOffer(item, start)) {
                return true;
            }
            while (!giveUp.isSet()) {
                if (queue.offer(item, PUT_SLICE_NANOS, TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
            return false;
        } finally {
            producerBlockedNanos.add(System.nanoTime() - start);
        }
    }

    /**
     * Adds the item now, making room by removing the oldest queued items if the queue is full; never
     * blocks. Each removed item is handed to {@code evicted} (on the calling thread) so its loss can be
     * counted and reported.
     */
    public void offerEvictingOldest(T item, java.util.function.Consumer<? super T> evicted) {
        while (!queue.offer(item)) {
            recordDepth(capacity);
            T oldest = queue.poll();
            if (oldest != null) {
                evicted.accept(oldest);
            }
        }
    }

    /**
     * Waits up to the timeout for at least one item, then moves it and up to {@code maxItems - 1} more
     * that are already queued into {@code sink}, without further waiting.
     *
     * @return the number of items moved; 0 if the queue stayed empty for the whole timeout
     */
    public int drainTo(Collection<? super T> sink, int maxItems, long timeout, TimeUnit unit)
            throws InterruptedException {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be >= 1 (was " + maxItems + ")");
        }
        T first = queue.poll();
        if (first == null) {
            first = spinPoll();
        }
        if (first == null) {
            first = queue.poll(timeout, unit);
            if (first == null) {
                return 0;
            }
        }
        sink.add(first);
        int moved = 1 + queue.drainTo(sink, maxItems - 1);
        // Between two removals the depth only grows, so the depth seen at each removal is the peak of
        // the interval before it; sampling here keeps the producers' fast path free of extra locking.
        recordDepth(moved < maxItems ? moved : moved + queue.size());
        return moved;
    }

    /** Takes one item, waiting up to the timeout; {@code null} if none arrived. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        T item = queue.poll();
        if (item == null) {
            item = queue.poll(timeout, unit);
        }
        if (item != null) {
            recordDepth(1 + queue.size());
        }
        return item;
    }

    private boolean spinOffer(T item, long startNanos) {
        while (System.nanoTime() - startNanos < SPIN_NANOS) {
            pause();
            if (queue.offer(item)) {
                return true;
            }
        }
        return false;
    }

    private T spinPoll() {
        long start = System.nanoTime();
        T item = null;
        while (item == null && System.nanoTime() - start < SPIN_NANOS) {
            pause();
            item = queue.poll();
        }
        return item;
    }

    /** Spins between lock attempts so a waiting side does not crowd the lock the other side needs. */
    private static void pause() {
        for (int i = 0; i < 32; i++) {
            Thread.onSpinWait();
        }
    }

    private void recordDepth(int depth) {
        int bounded = Math.min(depth, capacity);
        int seen = highWaterMark.get();
        while (bounded > seen && !highWaterMark.compareAndSet(seen, bounded)) {
            seen = highWaterMark.get();
        }
    }

    /** Items queued now. */
    public int depth() {
        return queue.size();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int capacity() {
        return capacity;
    }

    /** Highest depth observed since creation, 0..capacity. */
    public int highWaterMark() {
        return highWaterMark.get();
    }

    /** Total time producers spent waiting for room, summed over all producer threads. */
    public long producerBlockedNanos() {
        return producerBlockedNanos.sum();
    }
}
