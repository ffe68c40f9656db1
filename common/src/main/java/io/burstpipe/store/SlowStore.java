package io.burstpipe.store;

import io.burstpipe.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes any store slow and unreliable on purpose: each batch write takes {@code latency} plus a
 * uniform random {@code ±jitter} (never below 0), or the real write's own time if that is longer; and
 * fails with probability {@code failureRate}, after the same wait, without writing anything. "Slow" is
 * a knob, not a fake: the writes are real, and the knob sets how long each one takes in all.
 *
 * <p>The knobs can be turned while writes flow ({@link #adjust}); each write uses the knobs it found when it began.
 *
 * <p>Thread-safe; each calling thread waits on its own, as concurrent requests to a database would.
 */
public final class SlowStore implements MessageStore {

    private record Knobs(long latencyNanos, long jitterNanos, double failureRate) {
    }

    private final MessageStore delegate;
    private volatile Knobs knobs;
    private final SplittableRandom seedSource;

    /**
     * @param latency     added to every batch, 0..60 s
     * @param jitter      uniform ± spread around the latency, 0..60 s
     * @param failureRate probability that a batch fails, 0.0..1.0 (1.0 is allowed: a store that is down)
     * @param seed        seeds the jitter and failures
     */
    public SlowStore(MessageStore delegate, Duration latency, Duration jitter, double failureRate, long seed) {
        requireRange("store latency", latency);
        requireRange("store jitter", jitter);
        if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
            throw new IllegalArgumentException(
                    "store failure rate must be between 0.0 and 1.0 (was " + failureRate + ")");
        }
        this.delegate = delegate;
        this.knobs = new Knobs(latency.toNanos(), jitter.toNanos(), failureRate);
        this.seedSource = new SplittableRandom(seed);
    }

    /** Turns the knobs for the writes that begin from now on. */
    public void adjust(SlowStoreSettings settings) {
        knobs = new Knobs(settings.latency().toNanos(), settings.jitter().toNanos(), settings.failureRate());
    }

    /** The knobs as they are now. */
    public SlowStoreSettings settings() {
        Knobs k = knobs;
        return new SlowStoreSettings(Duration.ofNanos(k.latencyNanos()), Duration.ofNanos(k.jitterNanos()),
                Math.min(k.failureRate(), Math.nextDown(1.0)));
    }

    private static void requireRange(String name, Duration d) {
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 ms and 60 s (was " + d.toMillis() + " ms)");
        }
    }

    @Override
    public int storeBatch(List<Message> batch, boolean[] fresh) throws StoreException {
        Knobs k = knobs;
        double draw;
        long jitter;
        synchronized (seedSource) { // SplittableRandom is not thread-safe
            draw = seedSource.nextDouble();
            jitter = k.jitterNanos() == 0 ? 0 : seedSource.nextLong(-k.jitterNanos(), k.jitterNanos() + 1);
        }
        long start = System.nanoTime();
        long targetNanos = Math.max(0, k.latencyNanos() + jitter);
        if (draw < k.failureRate()) {
            waitNanos(targetNanos);
            throw new StoreException(String.format(Locale.ROOT,
                    "injected store failure (failure rate %.3f); batch of %d not written", k.failureRate(),
                    batch.size()));
        }
        int added = delegate.storeBatch(batch, fresh);
        waitNanos(targetNanos - (System.nanoTime() - start));
        return added;
    }

    private static void waitNanos(long nanos) throws StoreException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new StoreException("interrupted while waiting on the slow store");
            }
        }
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public long countByProducer(String producer) {
        return delegate.countByProducer(producer);
    }

    @Override
    public org.roaringbitmap.longlong.Roaring64NavigableMap seqsOf(String producer) throws StoreException {
        return delegate.seqsOf(producer);
    }

    @Override
    public boolean contains(String id) {
        return delegate.contains(id);
    }

    @Override
    public String describe() {
        Knobs k = knobs;
        return String.format(Locale.ROOT, "%s, slowed by %.1f ms ± %.1f ms, failure rate %.3f",
                delegate.describe(), k.latencyNanos() / 1e6, k.jitterNanos() / 1e6, k.failureRate());
    }

    @Override
    public void close() throws StoreException {
        delegate.close();
    }
}
