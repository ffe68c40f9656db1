package io.burstpipe.producer;

import io.burstpipe.transport.Transport;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.Pacer;
import io.burstpipe.message.Message;
import io.burstpipe.profile.IntendedSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates messages at the intended times of a seeded profile, groups them into batches, and sends
 * them through a {@link Transport} with at most {@code window} batches in flight. A batch that fails or
 * is refused for now (429, 503, connection error) is sent again with the same ids after a capped,
 * jittered exponential backoff, holding its window slot; so when the consumer pushes back, the window
 * fills, generation waits, and the send delay (actual minus intended send time) rises.
 *
 * <p>The generator runs on its own thread; answers arrive on transport threads. {@link #stop()} may be
 * called from any thread.
 */
public final class ProducerCore {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerCore.class);

    /** What the producer did, for the summary and the exit status. */
    public record Report(long generated, long acked, long dropped, long failed, long unsent, long retries,
                         long drainMillis) {
        /** Every generated message is confirmed stored, or was dropped by the consumer and counted. */
        public boolean complete() {
            return generated == acked + dropped && failed == 0 && unsent == 0;
        }
    }

    private final ProducerConfig config;
    private final Transport transport;
    private final ProducerStats stats;
    private final Semaphore window;
    private final Event stop = new Event();
    private final Event abandon = new Event();
    private final Event generatorDone = new Event();
    private final Reachability reachability;
    /** When generation must end (--duration), in System.nanoTime(); set by the generator before it starts. */
    private volatile long endNanos = Long.MAX_VALUE;
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retry-timer");
        t.setDaemon(true);
        return t;
    });
    private Thread generator;

    public ProducerCore(ProducerConfig config, Transport transport, ProducerStats stats) {
        this.config = config;
        this.transport = transport;
        this.stats = stats;
        this.window = new Semaphore(config.window());
        this.reachability = new Reachability(config.destination());
    }

    /** Whether the destination answers, for the status line. */
    Reachability reachability() {
        return reachability;
    }

    public ProducerCore start() {
        generator = new Thread(this::generate, "generator");
        generator.start();
        return this;
    }

    public void stop() {
        stop.set();
    }

    /**
     * Set once the profile, --messages or --duration has ended generation, or {@link #stop()} was called; a batch
     * already generated may still be waiting for a window slot (it is sent, or counted unsent, by the drain).
     */
    public Event generatorDone() {
        return generatorDone;
    }

    public int inflightBatches() {
        return config.window() - window.availablePermits();
    }

    private void generate() {
        IntendedSchedule schedule = config.profile().schedule(config.seed());
        SplittableRandom values = new SplittableRandom(~config.seed());
        long limit = config.messages() == 0 ? Long.MAX_VALUE : config.messages();
        long startNanos = System.nanoTime();
        long startEpochMicros = System.currentTimeMillis() * 1000;
        endNanos = config.duration().isZero() ? Long.MAX_VALUE : startNanos + config.duration().toNanos();
        long lingerNanos = config.linger().toNanos();
        List<Message> batch = new ArrayList<>(config.batchSize());
        long batchStartNanos = 0;
        try {
            long seq = 0;
            for (long at = schedule.nextNanos(); at != IntendedSchedule.NEVER && seq < limit;
                 at = schedule.nextNanos()) {
                long due = startNanos + at;
                if (due >= endNanos) {
                    break;
                }
                if (!batch.isEmpty() && due - batchStartNanos > lingerNanos) {
                    batch = flush(batch);
                }
                if (!Pacer.awaitUntil(due, stop)) {
                    break;
                }
                int value = values.nextInt(Message.MIN_VALUE, Message.MAX_VALUE + 1);
                if (batch.isEmpty()) {
                    batchStartNanos = System.nanoTime();
                }
                batch.add(Message.of(config.producerId(), seq++, value, startEpochMicros + at / 1000));
                stats.generated.increment();
                if (batch.size() >= config.batchSize()) {
                    batch = flush(batch);
                }
            }
            if (!batch.isEmpty()) {
                flush(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            generatorDone.set();
        }
    }

    /** Takes a window slot (waiting as long as the consumer pushes back), then sends; returns a fresh batch. */
    private List<Message> flush(List<Message> batch) throws InterruptedException {
        long start = System.nanoTime();
        while (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() >= endNanos) {
                generatorDone.set(); // --duration is over: the drain starts while this batch waits for a slot
            }
            if (abandon.isSet()) {
                stats.unsent.add(batch.size());
                return new ArrayList<>(config.batchSize());
            }
        }
        stats.windowBlockedNanos.add(System.nanoTime() - start);
        long nowMicros = System.currentTimeMillis() * 1000;
        for (Message m : batch) {
            stats.sendDelay.recordMicros(nowMicros - m.createdAtMicros());
        }
        stats.sent.add(batch.size());
        stats.batchesSent.increment();
        attempt(List.copyOf(batch), 0);
        return new ArrayList<>(config.batchSize());
    }

    private void attempt(List<Message> batch, int attempt) {
        if (attempt > 0 && abandon.isSet()) {
            stats.unsent.add(batch.size());
            window.release();
            return;
        }
        transport.send(batch).whenComplete((answer, error) -> {
            if (error != null) {
                stats.unavailable.increment();
                reachability.failed(error);
                retryLater(batch, attempt, 0, error.toString());
                return;
            }
            reachability.answered();
            if (answer instanceof Transport.Answer.Accepted a) {
                stats.dropped.add(a.dropped());
                stats.acked.add(batch.size() - a.dropped());
                window.release();
            } else if (answer instanceof Transport.Answer.RetryLater r) {
                (r.why() == Transport.Answer.Why.PUSH_BACK ? stats.rejected : stats.unavailable).increment();
                retryLater(batch, attempt, r.delayMs(), r.reason());
            } else if (answer instanceof Transport.Answer.Refused r) {
                stats.failed.add(batch.size());
                LOG.error("batch {}..{} refused for good: {}", batch.get(0).id(), batch.get(batch.size() - 1).id(),
                        r.reason());
                window.release();
            }
        });
    }

    private void retryLater(List<Message> batch, int attempt, long retryAfterMs, String why) {
        if (abandon.isSet()) {
            stats.unsent.add(batch.size());
            window.release();
            return;
        }
        long base = config.retryBase().toMillis();
        long cap = config.retryMax().toMillis();
        long backoff = Math.min(cap, base << Math.min(attempt, 20));
        long delay = Math.max(Math.min(retryAfterMs, cap), backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
        stats.retries.increment();
        LOG.debug("batch from {} retry {} in {} ms: {}", batch.get(0).id(), attempt + 1, delay, why);
        retryTimer.schedule(() -> attempt(batch, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops generating (if not already done), then waits up to --drain-timeout for every batch in
     * flight to be answered; what is still unanswered then is counted as unsent.
     */
    public Report drain() throws InterruptedException {
        stop.set();
        long start = System.nanoTime();
        long deadline = start + config.drainTimeout().toNanos();
        generator.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        long leftMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (window.tryAcquire(config.window(), leftMillis, TimeUnit.MILLISECONDS)) {
            window.release(config.window());
        } else {
            abandon.set();
            generator.join(5_000);
            // in-flight batches answer (or time out) and count themselves as unsent
            window.tryAcquire(config.window(), config.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        }
        retryTimer.shutdownNow();
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Report report = new Report(stats.generated.sum(), stats.acked.sum(), stats.dropped.sum(), stats.failed.sum(),
                stats.unsent.sum(), stats.retries.sum(), drainMillis);
        LOG.info("producer drained in {} ms", drainMillis);
        return report;
    }
}
