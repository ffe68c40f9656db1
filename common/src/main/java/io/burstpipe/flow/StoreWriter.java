package io.burstpipe.flow;

import io.burstpipe.message.Message;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store writer: takes batches from the pipeline and saves them, retrying a failed batch (same ids)
 * with capped exponential backoff. Runs until {@code inputDone} is set <em>and</em> the queue is empty,
 * polling with a timeout so it never blocks forever on an empty queue; gives up only when
 * {@code abandon} is set, counting what it could not store. While {@code paused} is set it takes
 * nothing, so the queue fills and pushes back.
 *
 * <p>A {@link StoppableWorker}: {@link #start()} runs it on its own thread, one batch a turn; it ends by itself
 * (input done and the queue empty, or abandoned), and a store that throws something other than a
 * {@link StoreException} fails it, which {@link #failure()} reports. Several writers may share one pipeline and one
 * store.
 *
 * @param <E> what the pipeline carries: a {@link Message}, or an envelope around one
 */
public final class StoreWriter<E> extends StoppableWorker {

    /** Told about every batch once it is durable, or once it has been given up on. Called on the writer thread. */
    public interface Listener<E> {
        /** The batch was just taken from the queue, before it is written. */
        default void taken(List<E> batch) {
        }

        /** @param fresh for each element of the batch by index, whether it was new to the store (else a duplicate) */
        void durable(List<E> batch, boolean[] fresh);

        default void abandoned(List<E> batch) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final long POLL_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 500;

    private final BoundedPipeline<E> pipeline;
    private final Function<E, Message> unwrap;
    private final MessageStore store;
    private final int batchSize;
    private final Event inputDone;
    private final Event abandon;
    private final Event paused;
    private final WriterStats stats;
    private final Listener<E> listener;
    private final List<E> batch;
    private final List<Message> messages;
    private final boolean[] fresh;
    /** A batch is taken and not yet durable or given up on (what a failure leaves behind). */
    private boolean inHand;

    public StoreWriter(String name, BoundedPipeline<E> pipeline, Function<E, Message> unwrap, MessageStore store,
                       int batchSize, Event inputDone, Event abandon, Event paused, WriterStats stats,
                       Listener<E> listener) {
        super(name);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1 (was " + batchSize + ")");
        }
        this.pipeline = pipeline;
        this.unwrap = unwrap;
        this.store = store;
        this.batchSize = batchSize;
        this.inputDone = inputDone;
        this.abandon = abandon;
        this.paused = paused;
        this.stats = stats;
        this.listener = listener;
        this.batch = new ArrayList<>(batchSize);
        this.messages = new ArrayList<>(batchSize);
        this.fresh = new boolean[batchSize];
    }

    /** A writer of plain messages with nothing to tell. */
    public static StoreWriter<Message> of(String name, BoundedPipeline<Message> pipeline, MessageStore store,
                                          int batchSize, Event inputDone, Event abandon, WriterStats stats) {
        return new StoreWriter<>(name, pipeline, m -> m, store, batchSize, inputDone, abandon, new Event(), stats,
                (batch, fresh) -> { });
    }

    /** One turn: a batch taken and written; or, with nothing queued, the end once input is done. */
    @Override
    protected void doWork() throws InterruptedException {
        if (abandon.isSet()) {
            initiateShutdown();
            return;
        }
        if (paused.isSet() && !inputDone.isSet()) {
            abandon.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        batch.clear();
        if (pipeline.drainTo(batch, batchSize, POLL_MILLIS, TimeUnit.MILLISECONDS) > 0) {
            inHand = true;
            listener.taken(batch);
            messages.clear();
            for (E e : batch) {
                messages.add(unwrap.apply(e));
            }
            write(batch, messages, fresh);
            inHand = false;
        } else if (inputDone.isSet() && pipeline.isEmpty()) {
            initiateShutdown();
        }
    }

    /** After a failure: the batch in hand is given up on and counted, so no sender waits for it forever. */
    @Override
    protected void onStop() {
        if (inHand) {
            inHand = false;
            stats.abandoned.add(batch.size());
            listener.abandoned(batch);
        }
    }

    private void write(List<E> batch, List<Message> messages, boolean[] fresh) throws InterruptedException {
        long backoffMillis = 10;
        while (true) {
            long start = System.nanoTime();
            stats.writing.incrementAndGet();
            try {
                int added;
                try {
                    added = store.storeBatch(messages, fresh);
                } finally {
                    stats.writing.decrementAndGet();
                }
                long end = System.nanoTime();
                stats.busyNanos.add(end - start);
                stats.batches.increment();
                stats.storeLatency.recordNanos(end - start);
                stats.stored.add(added);
                stats.duplicates.add(messages.size() - added);
                long nowMicros = System.currentTimeMillis() * 1000;
                for (Message m : messages) {
                    stats.endToEnd.recordMicros(nowMicros - m.createdAtMicros());
                }
                listener.durable(batch, fresh);
                return;
            } catch (StoreException e) {
                stats.busyNanos.add(System.nanoTime() - start);
                stats.failedWrites.increment();
                LOG.debug("batch of {} failed, retrying in {} ms: {}", messages.size(), backoffMillis, e.getMessage());
                if (abandon.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                    stats.abandoned.add(messages.size());
                    LOG.warn("gave up on a batch of {} at the drain deadline: {}", messages.size(), e.getMessage());
                    listener.abandoned(batch);
                    return;
                }
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }
}
