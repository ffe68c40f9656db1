package io.burstpipe.flow;

import io.burstpipe.message.Message;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store writer: takes batches from the pipeline and saves them, retrying a failed batch (same ids)
 * with capped exponential backoff. Runs until {@code inputDone} is set <em>and</em> the queue is empty,
 * polling with a timeout so it never blocks forever on an empty queue; gives up only when
 * {@code abandon} is set, counting what it could not store.
 *
 * <p>Runs on its own thread; several writers may share one pipeline and one store.
 */
public final class StoreWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final long POLL_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 500;

    private final BoundedPipeline<Message> pipeline;
    private final MessageStore store;
    private final int batchSize;
    private final Event inputDone;
    private final Event abandon;
    private final WriterStats stats;

    public StoreWriter(BoundedPipeline<Message> pipeline, MessageStore store, int batchSize,
                       Event inputDone, Event abandon, WriterStats stats) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1 (was " + batchSize + ")");
        }
        this.pipeline = pipeline;
        this.store = store;
        this.batchSize = batchSize;
        this.inputDone = inputDone;
        this.abandon = abandon;
        this.stats = stats;
    }

    @Override
    public void run() {
        List<Message> batch = new ArrayList<>(batchSize);
        try {
            while (!abandon.isSet()) {
                batch.clear();
                if (pipeline.drainTo(batch, batchSize, POLL_MILLIS, TimeUnit.MILLISECONDS) > 0) {
                    write(batch);
                } else if (inputDone.isSet() && pipeline.isEmpty()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<Message> batch) throws InterruptedException {
        long backoffMillis = 10;
        while (true) {
            long start = System.nanoTime();
            try {
                int added = store.storeBatch(batch);
                long end = System.nanoTime();
                stats.storeLatency.recordNanos(end - start);
                stats.stored.add(added);
                stats.duplicates.add(batch.size() - added);
                long nowMicros = System.currentTimeMillis() * 1000;
                for (Message m : batch) {
                    stats.endToEnd.recordMicros(nowMicros - m.createdAtMicros());
                }
                return;
            } catch (StoreException e) {
                stats.failedWrites.increment();
                LOG.debug("batch of {} failed, retrying in {} ms: {}", batch.size(), backoffMillis, e.getMessage());
                if (abandon.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                    stats.abandoned.add(batch.size());
                    LOG.warn("gave up on a batch of {} at the drain deadline: {}", batch.size(), e.getMessage());
                    return;
                }
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }
}
