package io.burstpipe.loadtest;

import io.burstpipe.flow.Event;
import io.burstpipe.flow.Pacer;
import io.burstpipe.flow.RequestSlots;
import io.burstpipe.message.Message;
import io.burstpipe.transport.Transport;
import io.burstpipe.flow.StoppableWorker;
import io.burstpipe.profile.IntendedSchedule;
import io.burstpipe.profile.MessageStream;
import io.burstpipe.profile.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The open-model load generator: messages are due at the intended times of a seeded schedule and go
 * out whether or not earlier ones were answered. Messages due close together share a request
 * (up to {@code batchSize}, waiting at most {@code lingerNanos} for company). At most
 * {@code maxInflight} requests are out at once; when that bound is hit the send waits and its
 * messages are counted as delayed, and because latency is measured from the intended time the wait is
 * in the figures, not hidden. Over a transport that {@linkplain Transport#sendsFromAnswers() sends from its answers},
 * such a batch is put down for the answer that frees a slot to send at once, on the thread that answered, while this
 * thread makes the next one: a run held to the bound then turns each slot around as a closed-loop client would, with
 * no wake-up of another thread in between.
 *
 * <p>A {@link StoppableWorker}: {@link #start()} runs it on its own thread, one request a turn, until the schedule
 * ends or {@link #initiateShutdown()}; answers arrive on transport threads.
 */
public final class OpenLoop extends StoppableWorker {

    /** Time and waiting, replaceable so the schedule can be checked without real time passing. */
    public interface Clock {
        long nanoTime();

        /** Returns at {@code deadline} ({@link #nanoTime()} scale); {@code false} if {@code stop} came first. */
        boolean awaitUntil(long deadline, Event stop) throws InterruptedException;

        /** Microseconds since the epoch, for the messages' createdAt. */
        long epochMicros();
    }

    public static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean awaitUntil(long deadline, Event stop) throws InterruptedException {
            return Pacer.awaitUntil(deadline, stop);
        }

        @Override
        public long epochMicros() {
            return System.currentTimeMillis() * 1000;
        }
    };

    /**
     * Where the run is; {@code startNanos} on the clock's scale; {@code messages} counts the whole schedule's, of
     * which the generator sends those of its {@code segment}.
     */
    public record Config(String producerId, IntendedSchedule schedule, long seed, long startNanos, long endNanos,
                       long messages, long warmupNanos, int batchSize, long lingerNanos, int maxInflight,
                       Segment segment) {

        /** The whole schedule. */
        public Config(String producerId, IntendedSchedule schedule, long seed, long startNanos, long endNanos,
                      long messages, long warmupNanos, int batchSize, long lingerNanos, int maxInflight) {
            this(producerId, schedule, seed, startNanos, endNanos, messages, warmupNanos, batchSize, lingerNanos,
                    maxInflight, Segment.WHOLE);
        }
    }

    /** A batch that found every slot taken, put down for the answer that frees one. */
    private record Waiting(Transport.Prepared batch, long[] due) {
    }

    /** How far past the end of the run a late generator may still send what was due before it. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Config plan;
    private final Transport transport;
    private final LoadStats stats;
    private final Clock clock;
    /** The in-flight bound, and the batch put down for the answer that frees a slot. */
    private final RequestSlots<Waiting> inflight;
    /** {@link Transport#sendsFromAnswers()}: batches that wait for a slot are put down. */
    private final boolean handOff;
    private final Event done = new Event();
    private volatile long doneNanos;
    private final long[] intended;
    private List<Message> batch;
    private MessageStream stream;
    /** The schedule, --messages or the run's end ended generation (rather than {@link #initiateShutdown()}). */
    private volatile boolean ended;
    /** Told to stop from outside after the schedule ended: the last batch stops waiting for a slot. */
    private volatile boolean halted;

    public OpenLoop(Config plan, Transport transport, LoadStats stats, Clock clock) {
        super("load-generator");
        this.plan = plan;
        this.transport = transport;
        this.stats = stats;
        this.clock = clock;
        this.inflight = new RequestSlots<>(plan.maxInflight(), w -> dispatch(w.batch(), w.due()));
        this.handOff = transport.sendsFromAnswers();
        this.intended = new long[plan.batchSize()];
        this.batch = new ArrayList<>(plan.batchSize());
    }

    /** Set when the schedule has ended (or stop was set) and the last request has been handed out. */
    public Event done() {
        return done;
    }

    /** When generation ended (valid once {@link #done()} is set). */
    public long doneNanos() {
        return doneNanos;
    }

    public int inflightRequests() {
        return inflight.inUse();
    }

    /** Whether a batch is put down for the next answer to send. */
    boolean batchWaiting() {
        return inflight.waiting();
    }

    /** Waits up to {@code timeoutMillis} for every request out to be answered. */
    public boolean awaitAnswers(long timeoutMillis) throws InterruptedException {
        return inflight.awaitAllFree(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * One turn, one request: the messages that share it (until it is full, or the next one is due more than the linger
     * after its first) are taken from the schedule, then one wait until the last of them is due, and it goes. Nothing
     * leaves between two messages of one request, so this keeps every intended time and every send time of a wait per
     * message, with a hundredth of the wake-ups at batches of 100 (a wait of a few microseconds costs a system call).
     */
    @Override
    protected void doWork() throws InterruptedException {
        if (stream == null) {
            // createdAt is the intended send time: the run's start on the wall clock plus the message's offset
            long startEpochMicros = clock.epochMicros() + (plan.startNanos() - clock.nanoTime()) / 1000;
            stream = new MessageStream(plan.producerId(), plan.schedule(), ~plan.seed(), startEpochMicros,
                    plan.messages(), plan.segment());
        }
        while (batch.size() < plan.batchSize()) {
            long at = stream.peekNanos();
            long due = plan.startNanos() + at;
            if (at == MessageStream.END || due >= plan.endNanos() || plan.endNanos() != Long.MAX_VALUE
                    && clock.nanoTime() - plan.endNanos() >= GRACE_NANOS) {
                // a generator that fell far behind stops with the run, not when its backlog is sent; the last
                // messages go out (onStop) once the last of them is due
                if (!batch.isEmpty() && !clock.awaitUntil(intended[batch.size() - 1], stopping())) {
                    return;
                }
                initiateShutdown();
                ended = true;
                return;
            }
            if (!batch.isEmpty() && due - intended[0] > plan.lingerNanos()) {
                break;
            }
            intended[batch.size()] = due;
            batch.add(stream.take());
        }
        if (clock.awaitUntil(intended[batch.size() - 1], stopping())) {
            batch = send(batch, intended);
        }
    }

    /** Every {@link #initiateShutdown()} call lands here; one from outside once the schedule has ended halts. */
    @Override
    protected void wakeUp() {
        if (ended) {
            halted = true;
        }
    }

    /**
     * The last partial batch goes out if the schedule ended (not if the run was stopped), and a batch put down waits
     * for its answer to take it (unless halted); then {@link #done()}.
     */
    @Override
    protected void onStop() throws InterruptedException {
        try {
            if (ended && !batch.isEmpty()) {
                batch = send(batch, intended);
            }
            if (!ended || !inflight.awaitNoneWaiting(this::givingUp)) {
                inflight.withdraw(); // stays unsent
            }
        } finally {
            doneNanos = clock.nanoTime();
            done.set();
        }
    }

    /** Sends the batch, or puts it down for an answer to send, or gives it up when stopped; returns a fresh batch. */
    private List<Message> send(List<Message> batch, long[] intended) throws InterruptedException {
        long[] due = java.util.Arrays.copyOf(intended, batch.size());
        if (!inflight.tryTake()) {
            stats.delayed.add(batch.size());
            long measuredFrom = plan.startNanos() + plan.warmupNanos();
            for (long d : due) {
                if (d >= measuredFrom) {
                    stats.measuredDelayed.increment();
                }
            }
            if (handOff) {
                inflight.putDown(new Waiting(transport.prepare(List.copyOf(batch)), due), this::givingUp);
                return new ArrayList<>(plan.batchSize());
            }
            while (!inflight.take(20, TimeUnit.MILLISECONDS)) {
                if (givingUp()) {
                    return new ArrayList<>(plan.batchSize());
                }
            }
        }
        dispatch(transport.prepare(List.copyOf(batch)), due);
        return new ArrayList<>(plan.batchSize());
    }

    /** Stopped from outside before the schedule ended, or halted after: batches still waiting for a slot stay unsent. */
    private boolean givingUp() {
        return isShutdownInitiated() && !ended || halted;
    }

    /** Counts the batch as sent, holding a slot, and sends it. */
    private void dispatch(Transport.Prepared out, long[] due) {
        long sentAt = clock.nanoTime();
        long measuredFrom = plan.startNanos() + plan.warmupNanos();
        int measured = 0;
        for (long d : due) {
            if (d >= measuredFrom) {
                stats.sendDelay.recordNanos(sentAt - d);
                measured++;
            }
        }
        stats.measuredSent.add(measured);
        stats.sent.add(due.length);
        stats.requests.increment();
        stats.bytes.add(out.bytes());
        try {
            transport.send(out).whenComplete((answer, error) -> answered(due, sentAt, answer, error));
        } catch (RuntimeException e) {
            answered(due, sentAt, null, e);
        }
    }

    private void answered(long[] due, long sentAt, Transport.Answer answer, Throwable error) {
        long now = clock.nanoTime();
        int n = due.length;
        if (error == null && answer instanceof Transport.Answer.Accepted accepted) {
            long measuredFrom = plan.startNanos() + plan.warmupNanos();
            int measured = 0;
            for (int i = 0; i < n; i++) {
                stats.live.recordNanos(now - due[i]);
                if (due[i] >= measuredFrom) {
                    stats.latency.recordNanos(now - due[i]);
                    measured++;
                }
            }
            // every message of a request has the same service time
            stats.serviceTime.recordNanos(now - sentAt, measured);
            stats.dropped.add(accepted.dropped());
            stats.acked.add(n - accepted.dropped());
        } else {
            stats.errored.add(n);
            stats.errorRequests.increment();
            stats.lastError = error != null ? String.valueOf(error.getMessage())
                    : answer instanceof Transport.Answer.RetryLater r ? r.reason()
                    : ((Transport.Answer.Refused) answer).reason();
        }
        // the slot goes to the batch put down for it, if there is one, sent from here
        inflight.release();
    }
}
