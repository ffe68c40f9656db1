package io.burstpipe.loadtest;

import io.burstpipe.flow.Event;
import io.burstpipe.flow.Pacer;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.burstpipe.transport.Transport;
import io.burstpipe.flow.StoppableWorker;
import io.burstpipe.profile.IntendedSchedule;
import io.burstpipe.profile.MessageStream;
import io.burstpipe.profile.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-model load generator: messages are due at the intended times of a seeded schedule and go
 * out whether or not earlier ones were answered. Messages due close together share a request
 * (up to {@code batchSize}, waiting at most {@code lingerNanos} for company). At most
 * {@code maxInflight} requests are out at once; when that bound is hit the send waits and its
 * messages are counted as delayed, and because latency is measured from the intended time the wait is
 * in the figures, not hidden.
 *
 * <p>A {@link StoppableWorker}: {@link #start()} runs it on its own thread, one request a turn, until the schedule
 * ends or {@link #initiateShutdown()}; answers arrive on transport threads. Requests that are due while every slot is
 * taken waits, encoded, in {@code ready}: where the transport allows it
 * ({@link Transport#sendsFromAnswers()}), each answer sends the oldest on its own thread at once, so a generator that
 * is behind sends as fast as a closed loop, without a wake-up of this thread between an answer and the next request.
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

    /** How far past the end of the run a late generator may still send what was due before it. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Config plan;
    private final Transport transport;
    private final LoadStats stats;
    private final Clock clock;
    private final Semaphore inflight;
    private final Event done = new Event();
    private volatile long doneNanos;
    private final long[] intended;
    private List<Message> batch;
    private MessageStream stream;
    /** The schedule, --messages or the run's end ended generation (rather than {@link #initiateShutdown()}). */
    private volatile boolean ended;
    /** Told to stop from outside after the schedule ended: the last batch stops waiting for a slot. */
    private volatile boolean halted;
    /**
     * Due requests waiting for a slot, oldest first, which answers take (only if the transport sends from answers).
     * Invariant once every thread is done with it: a request waits only while every slot is taken.
     */
    private final ConcurrentLinkedQueue<Request> ready = new ConcurrentLinkedQueue<>();
    /**
     * One: the generator holds the one request it made, as when it waited for the slot itself, so it takes no more of
     * the schedule ahead of the sends than that (what a run far behind sends before its end is unchanged).
     */
    private static final int MAX_READY = 1;
    private final AtomicInteger readyCount = new AtomicInteger();
    private volatile Thread generator;

    /** One request's messages and their intended times. */
    private record Request(Transport.Ready ready, long[] due) {
    }

    public OpenLoop(Config plan, Transport transport, LoadStats stats, Clock clock) {
        super("load-generator");
        this.plan = plan;
        this.transport = transport;
        this.stats = stats;
        this.clock = clock;
        this.inflight = new Semaphore(plan.maxInflight());
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
        return plan.maxInflight() - inflight.availablePermits();
    }

    /** Waits up to {@code timeoutMillis} for every request out to be answered. */
    public boolean awaitAnswers(long timeoutMillis) throws InterruptedException {
        if (inflight.tryAcquire(plan.maxInflight(), timeoutMillis, TimeUnit.MILLISECONDS)) {
            inflight.release(plan.maxInflight());
            return true;
        }
        return false;
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
            generator = Thread.currentThread();
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

    /** The last partial batch goes out if the schedule ended (not if the run was stopped); then {@link #done()}. */
    @Override
    protected void onStop() throws InterruptedException {
        try {
            if (ended && !batch.isEmpty()) {
                batch = send(batch, intended);
            }
            if (ended) {
                awaitReadySent();
            } else {
                dropReady();
            }
        } finally {
            doneNanos = clock.nanoTime();
            done.set();
        }
    }

    private List<Message> send(List<Message> batch, long[] intended) throws InterruptedException {
        Request request = new Request(transport.ready(List.copyOf(batch)),
                java.util.Arrays.copyOf(intended, batch.size()));
        if (readyCount.get() > 0 || !inflight.tryAcquire()) {
            stats.delayed.add(batch.size());
            long measuredFrom = plan.startNanos() + plan.warmupNanos();
            for (int i = 0; i < batch.size(); i++) {
                if (intended[i] >= measuredFrom) {
                    stats.measuredDelayed.increment();
                }
            }
            if (transport.sendsFromAnswers()) {
                queue(request);
                return new ArrayList<>(plan.batchSize());
            }
            while (!inflight.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                if (isShutdownInitiated() && !ended || halted) {
                    return new ArrayList<>(plan.batchSize());
                }
            }
        }
        go(request);
        return new ArrayList<>(plan.batchSize());
    }

    /**
     * Leaves {@code request} for an answer to send, and returns once an answer took it (or at once, if a slot was
     * free after all). If the run stops meanwhile, what still waits is not sent.
     */
    private void queue(Request request) throws InterruptedException {
        readyCount.incrementAndGet();
        ready.add(request);
        sendReady();
        while (readyCount.get() >= MAX_READY) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
            boolean interrupted = Thread.interrupted();
            if (interrupted || isShutdownInitiated() && !ended || halted) {
                dropReady();
                if (interrupted) {
                    throw new InterruptedException();
                }
                return;
            }
        }
    }

    /** Sends waiting requests while slots are free (an answer may have freed one as a request was put in). */
    private void sendReady() {
        while (readyCount.get() > 0 && inflight.tryAcquire()) {
            Request next = takeReady();
            if (next == null) {
                inflight.release();
            } else {
                go(next);
            }
        }
    }

    private Request takeReady() {
        Request next = ready.poll();
        if (next != null) {
            readyCount.decrementAndGet();
        }
        return next;
    }

    /** A stopped run's waiting requests: not sent, and not counted as sent. */
    private void dropReady() {
        while (takeReady() != null) {
            // dropped
        }
    }

    /** Waits until no request waits for a slot (the last ones, once the schedule ended), unless halted. */
    private void awaitReadySent() throws InterruptedException {
        while (readyCount.get() > 0) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
            if (Thread.interrupted() || halted) {
                dropReady();
                return;
            }
        }
    }

    private void go(Request request) {
        List<Message> out = request.ready().batch();
        long[] due = request.due();
        int n = out.size();
        long sentAt = clock.nanoTime();
        long measuredFrom = plan.startNanos() + plan.warmupNanos();
        int measured = 0;
        for (int i = 0; i < n; i++) {
            if (due[i] >= measuredFrom) {
                stats.sendDelay.recordNanos(sentAt - due[i]);
                measured++;
            }
        }
        stats.measuredSent.add(measured);
        stats.sent.add(n);
        stats.requests.increment();
        stats.bytes.add(MessageJson.arrayLength(out));
        try {
            transport.send(request.ready()).whenComplete((answer, error) -> answered(out, due, sentAt, answer, error));
        } catch (RuntimeException e) {
            answered(out, due, sentAt, null, e);
        }
    }

    private void answered(List<Message> batch, long[] due, long sentAt, Transport.Answer answer, Throwable error) {
        long now = clock.nanoTime();
        // this slot goes straight to the oldest request that waited for it, before anything is counted: the
        // answer's thread sends it at once, and the generator prepares the next meanwhile
        Request next = takeReady();
        if (next != null) {
            LockSupport.unpark(generator);
            go(next);
        }
        int n = batch.size();
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
        if (next == null) {
            // released once counted: whoever waits for every answer (awaitAnswers) then reads complete counts
            inflight.release();
            // a request put in as this slot was freed is sent now
            sendReady();
        }
    }
}
