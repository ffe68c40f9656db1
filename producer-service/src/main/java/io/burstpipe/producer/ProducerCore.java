package io.burstpipe.producer;

import io.burstpipe.transport.Transport;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.Pacer;
import io.burstpipe.flow.RequestSlots;
import io.burstpipe.message.Message;
import io.burstpipe.flow.StoppableWorker;
import io.burstpipe.profile.MessageStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates messages at the intended times of a seeded profile, groups them into batches, and sends
 * them through a {@link Transport} with at most {@code window} batches in flight. A batch that fails or
 * is refused for now (429, 503, connection error) is sent again with the same ids after a capped,
 * jittered exponential backoff, holding its window slot; so when the consumer pushes back, the window
 * fills, generation waits, and the send delay (actual minus intended send time) rises. Over a transport that
 * {@linkplain Transport#sendsFromAnswers() sends from its answers}, a batch that finds the window full is put down
 * for the answer that frees a slot to send at once, while the generator goes on with the next one.
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
    /** The window, and the batch put down for the answer that frees a slot. */
    private final RequestSlots<Transport.Prepared> window;
    private final boolean handOff;
    private final Event abandon = new Event();
    private final Event generatorDone = new Event();
    private final Reachability reachability;
    /** When generation must end (--duration), in System.nanoTime(); set by the generator before it starts. */
    private volatile long endNanos = Long.MAX_VALUE;
    private volatile Optional<Start> started = Optional.empty();
    private volatile long stoppedAtNanos = Long.MAX_VALUE;
    private final RetryTimer retryTimer;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Generator generator;

    public ProducerCore(ProducerConfig config, Transport transport, ProducerStats stats) {
        this(config, transport, stats, RetryTimer.system(), ThreadLocalRandom.current());
    }

    ProducerCore(ProducerConfig config, Transport transport, ProducerStats stats, RetryTimer retryTimer,
                 RandomGenerator random) {
        this.config = config;
        this.retryTimer = retryTimer;
        this.random = random;
        this.backoff = new Backoff(config.retryBase().toMillis(), config.retryMax().toMillis());
        this.transport = transport;
        this.stats = stats;
        this.window = new RequestSlots<>(config.window(), this::send);
        this.handOff = transport.sendsFromAnswers();
        this.reachability = new Reachability(config.destination());
        this.generator = new Generator();
    }

    /** Whether the destination answers, for the status line. */
    Reachability reachability() {
        return reachability;
    }

    public ProducerCore start() {
        generator.start();
        return this;
    }

    public void stop() {
        generator.initiateShutdown();
    }

    /**
     * Set once the profile, --messages or --duration has ended generation, or {@link #stop()} was called; a batch
     * already generated may still be waiting for a window slot (it is sent, or counted unsent, by the drain).
     */
    public Event generatorDone() {
        return generatorDone;
    }

    /** Why the generator died, if it did (the run then ends with exit status 1); empty while it is well. */
    public Optional<Throwable> generatorFailure() {
        return generator.failure();
    }

    /** When the schedule started: {@code nanos} on System.nanoTime(), {@code epochMillis} on the wall clock. */
    public record Start(long nanos, long epochMillis) {
    }

    /** When the generator's schedule started; empty until it has. */
    public Optional<Start> started() {
        return started;
    }

    /** When the generator stopped (System.nanoTime()); {@link Long#MAX_VALUE} while it runs. */
    public long stoppedAtNanos() {
        return stoppedAtNanos;
    }

    public int inflightBatches() {
        return window.inUse();
    }

    /**
     * The generator: each turn waits for the next message's intended time and adds it to the batch; a batch goes
     * when full or when the next message is further than --linger away. It ends itself when the stream, --messages
     * or --duration ends; whatever batch is left is sent when it stops.
     */
    private final class Generator extends StoppableWorker {
        private final long lingerNanos = config.linger().toNanos();
        private MessageStream stream;
        private long startNanos;
        private List<Message> batch = new ArrayList<>(config.batchSize());
        private long batchStartNanos;

        Generator() {
            super("generator");
        }

        @Override
        protected void doWork() throws InterruptedException {
            if (stream == null) {
                startNanos = System.nanoTime();
                long startMillis = System.currentTimeMillis();
                stream = MessageStream.seeded(config.producerId(), config.profile(), config.seed(),
                        startMillis * 1000, config.messages());
                started = Optional.of(new Start(startNanos, startMillis));
                endNanos = config.duration().isZero() ? Long.MAX_VALUE : startNanos + config.duration().toNanos();
            }
            long at = stream.peekNanos();
            long due = startNanos + at;
            if (at == MessageStream.END || due >= endNanos) {
                initiateShutdown();
                return;
            }
            if (!batch.isEmpty() && due - batchStartNanos > lingerNanos) {
                batch = flush(batch);
            }
            if (!Pacer.awaitUntil(due, stopping())) {
                return;
            }
            if (batch.isEmpty()) {
                batchStartNanos = System.nanoTime();
            }
            batch.add(stream.take());
            stats.generated.increment();
            if (batch.size() >= config.batchSize()) {
                batch = flush(batch);
            }
        }

        @Override
        protected void onStop() throws InterruptedException {
            try {
                if (isFailed()) {
                    stats.unsent.add(batch.size()); // the batch in hand when it died is not sent again
                } else if (!batch.isEmpty()) {
                    batch = flush(batch);
                }
                // a batch put down goes with the next answer; given up, the drain counts it unsent
                window.awaitNoneWaiting(ProducerCore.this::durationOverOrAbandoned);
            } finally {
                stoppedAtNanos = System.nanoTime();
                generatorDone.set();
            }
        }
    }

    /** --duration is over (then the drain starts while a batch waits for a slot), or the drain gave up waiting. */
    private boolean durationOverOrAbandoned() {
        if (System.nanoTime() >= endNanos) {
            generatorDone.set();
        }
        return abandon.isSet();
    }

    /**
     * Takes a window slot (waiting as long as the consumer pushes back), then sends, or puts the batch down for the
     * answer that frees a slot; returns a fresh batch.
     */
    private List<Message> flush(List<Message> batch) throws InterruptedException {
        long start = System.nanoTime();
        if (window.tryTake()) {
            send(transport.prepare(List.copyOf(batch)));
            return new ArrayList<>(config.batchSize());
        }
        stats.windowWaited.add(batch.size());
        stats.waitingSinceNanos.set(start);
        try {
            if (handOff) {
                if (!window.putDown(transport.prepare(List.copyOf(batch)), this::durationOverOrAbandoned)) {
                    stats.unsent.add(batch.size());
                }
                return new ArrayList<>(config.batchSize());
            }
            while (!window.take(50, TimeUnit.MILLISECONDS)) {
                if (durationOverOrAbandoned()) {
                    stats.unsent.add(batch.size());
                    return new ArrayList<>(config.batchSize());
                }
            }
        } finally {
            stats.windowBlockedNanos.add(System.nanoTime() - start);
            stats.waitingSinceNanos.set(0);
        }
        send(transport.prepare(List.copyOf(batch)));
        return new ArrayList<>(config.batchSize());
    }

    /**
     * Sends a batch that holds a window slot. It was prepared (over HTTP: encoded) on the generator's thread, once
     * for all its attempts.
     */
    private void send(Transport.Prepared prepared) {
        long nowMicros = System.currentTimeMillis() * 1000;
        List<Message> batch = prepared.batch();
        for (Message m : batch) {
            stats.sendDelay.recordMicros(nowMicros - m.createdAtMicros());
        }
        stats.sent.add(batch.size());
        stats.batchesSent.increment();
        attempt(prepared, 0);
    }

    private void attempt(Transport.Prepared prepared, int attempt) {
        List<Message> batch = prepared.batch();
        if (attempt > 0 && abandon.isSet()) {
            stats.unsent.add(batch.size());
            window.release();
            return;
        }
        transport.send(prepared).whenComplete((answer, error) -> {
            if (error != null) {
                stats.unavailable.increment();
                reachability.failed(error);
                retryLater(prepared, attempt, 0, error.toString());
                return;
            }
            reachability.answered();
            if (answer instanceof Transport.Answer.Accepted a) {
                stats.dropped.add(a.dropped());
                stats.acked.add(batch.size() - a.dropped());
                window.release();
            } else if (answer instanceof Transport.Answer.RetryLater r) {
                (r.why() == Transport.Answer.Why.PUSH_BACK ? stats.rejected : stats.unavailable).increment();
                retryLater(prepared, attempt, r.delayMs(), r.reason());
            } else if (answer instanceof Transport.Answer.Refused r) {
                stats.failed.add(batch.size());
                LOG.error("batch {}..{} refused for good: {}", batch.get(0).id(), batch.get(batch.size() - 1).id(),
                        r.reason());
                window.release();
            }
        });
    }

    private void retryLater(Transport.Prepared prepared, int attempt, long retryAfterMs, String why) {
        List<Message> batch = prepared.batch();
        if (abandon.isSet()) {
            stats.unsent.add(batch.size());
            window.release();
            return;
        }
        long delay = backoff.delayMs(attempt, retryAfterMs, random);
        stats.retries.increment();
        LOG.debug("batch from {} retry {} in {} ms: {}", batch.get(0).id(), attempt + 1, delay, why);
        retryTimer.schedule(() -> attempt(prepared, attempt + 1), delay);
    }

    /**
     * Stops generating (if not already done), then waits up to --drain-timeout for every batch in
     * flight to be answered; what is still unanswered then is counted as unsent.
     */
    public Report drain() throws InterruptedException {
        generator.initiateShutdown();
        long start = System.nanoTime();
        long deadline = start + config.drainTimeout().toNanos();
        generator.awaitShutdown(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        long leftMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (!window.awaitAllFree(leftMillis, TimeUnit.MILLISECONDS)) {
            abandon.set();
            generator.awaitShutdown(Duration.ofSeconds(5));
            Transport.Prepared waiting = window.withdraw();
            if (waiting != null) {
                stats.unsent.add(waiting.batch().size()); // put down for a slot that did not come free in time
            }
            // in-flight batches answer (or time out) and count themselves as unsent; the final status line then
            // shows nothing in flight
            window.awaitAllFree(config.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        }
        retryTimer.cancelAll();
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Report report = new Report(stats.generated.sum(), stats.acked.sum(), stats.dropped.sum(), stats.failed.sum(),
                stats.unsent.sum(), stats.retries.sum(), drainMillis);
        LOG.info("producer drained in {} ms", drainMillis);
        return report;
    }
}
