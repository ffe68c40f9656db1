package io.burstpipe.consumer.core;

import io.burstpipe.consumer.intake.Envelope;
import io.burstpipe.consumer.intake.Intake;
import io.burstpipe.consumer.intake.IntakeStats;
import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.StoppableWorker;
import io.burstpipe.flow.StoreWriter;
import io.burstpipe.flow.WriterStats;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer without its HTTP front: bounded pipeline, intake, store writers, store, and the events
 * that pause, stop and abandon them. Knows nothing of Vert.x.
 *
 * <p>Thread-safe. {@link #drain()} is called once, at shutdown.
 */
public final class ConsumerCore {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCore.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** What the drain did. */
    public record DrainReport(long stored, long duplicates, long abandoned, long drainMillis, boolean storeClosed,
                              int failedWriters) {
        public boolean clean() {
            return abandoned == 0 && storeClosed && failedWriters == 0;
        }
    }

    private final ConsumerConfig config;
    private final MessageStore store;
    private final BoundedPipeline<Envelope> pipeline;
    private final AtomicReference<OverflowPolicy> policy;
    private final Event stopping = new Event();
    private final Event inputDone = new Event();
    private final Event abandon = new Event();
    private final Event paused = new Event();
    private final IntakeStats intakeStats = new IntakeStats();
    private final WriterStats writerStats = new WriterStats();
    private final Intake intake;
    private final List<StoreWriter<Envelope>> writers = new ArrayList<>();

    public ConsumerCore(ConsumerConfig config, MessageStore store) {
        this.config = config;
        this.store = store;
        this.pipeline = new BoundedPipeline<>(config.queue().capacity());
        this.policy = new AtomicReference<>(config.queue().policy());
        this.intake = new Intake(pipeline, policy, stopping, abandon, intakeStats);
    }

    /** Starts the store writer threads. */
    public ConsumerCore start() {
        StoreWriter.Listener<Envelope> settle = new StoreWriter.Listener<>() {
            @Override
            public void taken(List<Envelope> batch) {
                long now = System.nanoTime();
                long sum = 0;
                for (Envelope e : batch) {
                    long wait = now - e.queuedAtNanos();
                    intakeStats.queueWait.recordNanos(wait);
                    sum += wait;
                }
                intakeStats.arrivalToTakenNanos.add(sum);
                intakeStats.queueWaitCount.add(batch.size());
            }

            @Override
            public void durable(List<Envelope> batch, boolean[] fresh) {
                Intake.settleStored(batch, fresh);
            }

            @Override
            public void abandoned(List<Envelope> batch) {
                Intake.settleAbandoned(batch);
            }
        };
        for (int i = 0; i < config.queue().writers(); i++) {
            StoreWriter<Envelope> writer = new StoreWriter<>("store-writer-" + i, pipeline, Envelope::message, store,
                    config.queue().batchSize(), inputDone, abandon, paused, writerStats, settle);
            writers.add(writer);
            writer.start();
        }
        return this;
    }

    public Intake intake() {
        return intake;
    }

    public BoundedPipeline<Envelope> pipeline() {
        return pipeline;
    }

    public MessageStore store() {
        return store;
    }

    public IntakeStats intakeStats() {
        return intakeStats;
    }

    public WriterStats writerStats() {
        return writerStats;
    }

    public int writers() {
        return config.queue().writers();
    }

    /** The first store writer that failed, with its cause; empty while all are well (readiness reads this). */
    public Optional<String> writerFailure() {
        return writers.stream().filter(StoppableWorker::isFailed).findFirst()
                .map(w -> w.name() + " failed: " + w.failure().map(Throwable::toString).orElse("?"));
    }

    public OverflowPolicy policy() {
        return policy.get();
    }

    public void setPolicy(OverflowPolicy newPolicy) {
        policy.set(newPolicy);
    }

    /** While paused the writers take nothing: the queue fills and intake pushes back. */
    public void pause() {
        paused.set();
    }

    public void resume() {
        paused.clear();
    }

    public boolean isPaused() {
        return paused.isSet();
    }

    /**
     * From now on intake refuses new batches and readiness goes false. Paused writers resume, so the
     * requests in flight can finish.
     */
    public void beginStopping() {
        stopping.set();
        paused.clear();
    }

    public boolean isStopping() {
        return stopping.isSet();
    }

    /**
     * Lets the writers empty the queue (resuming them if paused), within --drain-timeout; then gives
     * up on what is left (settling it as abandoned, so no sender waits forever) and closes the store.
     */
    public DrainReport drain() throws InterruptedException {
        long start = System.nanoTime();
        stopping.set();
        inputDone.set();
        paused.clear();
        long deadline = start + config.drainTimeout().toNanos();
        for (StoreWriter<Envelope> writer : writers) {
            writer.awaitShutdown(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        abandon.set();
        for (StoreWriter<Envelope> writer : writers) {
            if (!writer.awaitShutdown(GRACE)) {
                LOG.warn("{} did not stop within {} s of the drain deadline", writer.name(), GRACE.toSeconds());
            }
        }
        List<Envelope> left = new ArrayList<>();
        pipeline.drainTo(left, Integer.MAX_VALUE, 0, TimeUnit.MILLISECONDS);
        if (!left.isEmpty()) {
            writerStats.abandoned.add(left.size());
            Intake.settleAbandoned(left);
            LOG.warn("drain deadline passed with {} messages still queued; their senders were told to retry",
                    left.size());
        }
        boolean closed = true;
        try {
            store.close();
        } catch (StoreException e) {
            closed = false;
            LOG.error("closing the store failed: {}", e.getMessage());
        }
        int failed = (int) writers.stream().filter(StoppableWorker::isFailed).count();
        return new DrainReport(writerStats.stored.sum(), writerStats.duplicates.sum(), writerStats.abandoned.sum(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), closed, failed);
    }
}
