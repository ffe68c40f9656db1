package io.burstpipe.loadtest;

import io.burstpipe.api.ConsumerStats;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The decisions of one load-test run, turn by turn, as a pure state machine: it is fed a {@link Reading} (the
 * clock, the generator's counters, the consumer's stats and the group's lag as they could be read) and answers
 * with a {@link Turn} (stop the generator, resume the consumer, a series point, check the thresholds early, sample
 * the backlog curve, finished). It does no I/O and reads no clock of its own, so every decision is unit-tested
 * with plain numbers.
 *
 * <p>Phases: {@code WARMUP} and {@code MEASURE} while sending (by the intended time's offset), {@code BACKLOG}
 * while a paused consumer fills, {@code DRAIN} from the end of sending (or the resume) until everything is
 * answered, the consumer's queue is empty and the group's lag is 0, or the drain deadline passes.
 *
 * <p>Not thread-safe: one monitor thread turns it.
 */
final class RunMonitor {

    static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long CURVE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a stopped generator may take to hand out its last request before sending counts as over. */
    static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Ticks without a send while every in-flight slot is taken: a backlog sender that is held up. */
    static final int STALLED_TICKS = 2;

    enum Phase {
        WARMUP, MEASURE, BACKLOG, DRAIN;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What could be read this turn; a consumer or lag that could not be read is empty (unknown, not zero). */
    record Reading(long nowNanos, Counters counters, int inflight, boolean generatorDone, long generatorDoneNanos,
                   boolean stopRequested, Optional<ConsumerStats> consumer, OptionalLong lag) {
    }

    /** The generator's counters. */
    record Counters(long sent, long acked, long errored, long delayed, long dropped, long outstanding) {
        static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0);
    }

    /** One second of the run for the series and the progress line: {@code t} seconds from the start. */
    record Tick(double t, long atNanos, Phase phase, Counters now, Counters previous) {
    }

    /** What to do after this turn. */
    record Turn(boolean stopGenerator, Optional<Resume> resume, Optional<Tick> tick, boolean checkAbort,
                boolean sampleCurve, Optional<String> gaveUp, boolean finished) {
    }

    /** Resume the paused consumer: {@code waiting} messages were queued; {@code heldUp} if sending had not ended. */
    record Resume(long waiting, boolean heldUp) {
    }

    private final long startNanos;
    private final long warmupNanos;
    private final long drainTimeoutNanos;
    private final int maxInflight;
    private final boolean backlog;
    private final boolean abortOnFail;
    private final boolean watchConsumer;
    private final boolean watchLag;

    private long stopRequestedAt = -1;
    private long sendEnd = -1;
    private long drainDeadline = Long.MAX_VALUE;
    private long drained = -1;
    private long resumedAt = -1;
    private long storedAtResume = -1;
    private long backlogAtResume = -1;
    private long nextTick;
    private long lastCurve;
    private long lastSent;
    private int stalledTicks;
    private Counters previous = Counters.ZERO;
    private String aborted;
    private Optional<ConsumerStats> before = Optional.empty();
    private Optional<ConsumerStats> atMeasureStart = Optional.empty();
    /** The consumer's stats from the measure start on, about a second apart, for the bottleneck readout. */
    private final StatsWindow window = new StatsWindow();
    private Optional<ConsumerStats> atResume = Optional.empty();
    private boolean first = true;

    /**
     * @param watchConsumer there is a consumer whose queue must be empty for the drain to end
     * @param watchLag      there is a group whose lag must be 0 for the drain to end
     */
    RunMonitor(long startNanos, long warmupNanos, long drainTimeoutNanos, int maxInflight, boolean backlog,
               boolean abortOnFail, boolean watchConsumer, boolean watchLag) {
        this.startNanos = startNanos;
        this.warmupNanos = warmupNanos;
        this.drainTimeoutNanos = drainTimeoutNanos;
        this.maxInflight = maxInflight;
        this.backlog = backlog;
        this.abortOnFail = abortOnFail;
        this.watchConsumer = watchConsumer;
        this.watchLag = watchLag;
        this.nextTick = startNanos + TICK_NANOS;
    }

    Turn turn(Reading r) {
        if (first) {
            first = false;
            before = r.consumer();
            if (warmupNanos == 0) {
                atMeasureStart = r.consumer();
            }
        }
        boolean stopGenerator = endSending(r);
        Optional<Resume> resume = resume(r);
        Optional<String> gaveUp = drain(r);
        boolean sampleCurve = backlog && drained < 0 && r.nowNanos() - lastCurve >= CURVE_NANOS;
        if (sampleCurve) {
            lastCurve = r.nowNanos();
        }
        if (atMeasureStart.isPresent()) {
            r.consumer().ifPresent(c -> window.offer(r.nowNanos(), c));
        }
        if (gaveUp.isPresent()) {
            return new Turn(stopGenerator, resume, Optional.empty(), false, sampleCurve, gaveUp, true);
        }
        if (drained >= 0 && r.nowNanos() < nextTick && r.counters().acked() == previous.acked()
                && r.counters().errored() == previous.errored() && r.counters().sent() == previous.sent()) {
            // the last full second already showed everything
            return new Turn(stopGenerator, resume, Optional.empty(), false, sampleCurve, Optional.empty(), true);
        }
        Optional<Tick> tick = Optional.empty();
        boolean checkAbort = false;
        if (r.nowNanos() >= nextTick || drained >= 0) {
            Tick t = tick(r);
            tick = Optional.of(t);
            checkAbort = abortOnFail && aborted == null && sendEnd < 0 && t.phase() == Phase.MEASURE;
        }
        return new Turn(stopGenerator, resume, tick, checkAbort, sampleCurve, Optional.empty(), drained >= 0);
    }

    /** A threshold failed while measuring: sending stops at the next turn. */
    void abort(String reason) {
        if (aborted == null) {
            aborted = reason;
        }
    }

    /** Sending ends when the generator is done, a stop is asked for, or a threshold aborted the run. */
    private boolean endSending(Reading r) {
        if (sendEnd >= 0) {
            return false;
        }
        boolean stop = r.stopRequested() || aborted != null;
        if (r.generatorDone()) {
            sendEnd = Math.min(r.nowNanos(), Math.max(startNanos, r.generatorDoneNanos()));
        } else if (stop && stopRequestedAt < 0) {
            stopRequestedAt = r.nowNanos();
        } else if (stopRequestedAt >= 0 && r.nowNanos() - stopRequestedAt >= STOP_GRACE_NANOS) {
            sendEnd = r.nowNanos(); // the generator did not come back in time: sending is over anyway
        }
        if (sendEnd >= 0) {
            drainDeadline = r.nowNanos() + drainTimeoutNanos;
        }
        return stop;
    }

    /** A backlog's consumer resumes once sending ended, or once the sender is held up by the paused consumer. */
    private Optional<Resume> resume(Reading r) {
        if (!backlog || resumedAt >= 0 || (sendEnd < 0 && stalledTicks < STALLED_TICKS)) {
            return Optional.empty();
        }
        storedAtResume = stored(r.consumer());
        atResume = r.consumer();
        atResume.ifPresent(window::add); // where a backlog's drain begins, whatever the step
        backlogAtResume = r.counters().sent() - Math.max(0, storedAtResume - stored(before));
        resumedAt = r.nowNanos();
        return Optional.of(new Resume(backlogAtResume, sendEnd < 0));
    }

    /**
     * Drained once every request is answered and what can be read shows nothing left: the consumer's queue empty,
     * the group's lag 0. A reading that failed proves nothing: wait for one that shows empty, or the deadline.
     */
    private Optional<String> drain(Reading r) {
        if (sendEnd < 0 || drained >= 0 || (backlog && resumedAt < 0)) {
            return Optional.empty();
        }
        boolean answered = r.counters().outstanding() == 0 && r.inflight() == 0;
        boolean queueEmpty = !watchConsumer || r.consumer().map(c -> c.queue().depth() == 0).orElse(false);
        boolean noLag = !watchLag || (r.lag().isPresent() && r.lag().getAsLong() == 0);
        if (answered && queueEmpty && noLag) {
            drained = r.nowNanos();
            return Optional.empty();
        }
        if (r.nowNanos() > drainDeadline) {
            return Optional.of(r.counters().outstanding() + " messages still unanswered");
        }
        return Optional.empty();
    }

    private Tick tick(Reading r) {
        long at = Math.min(r.nowNanos(), nextTick);
        nextTick += TICK_NANOS;
        double elapsed = (at - startNanos) / 1e9;
        if (atMeasureStart.isEmpty() && at - startNanos >= warmupNanos) {
            atMeasureStart = r.consumer();
        }
        Phase phase = backlog ? (resumedAt < 0 ? Phase.BACKLOG : Phase.DRAIN)
                : at - startNanos <= warmupNanos ? Phase.WARMUP : sendEnd >= 0 ? Phase.DRAIN : Phase.MEASURE;
        Tick tick = new Tick(elapsed, at, phase, r.counters(), previous);
        stalledTicks = r.counters().sent() == lastSent && r.inflight() >= maxInflight ? stalledTicks + 1 : 0;
        lastSent = r.counters().sent();
        previous = r.counters();
        return tick;
    }

    /** When the monitor wants its next turn: at the next tick, or sooner to watch the drain. */
    long nextTickNanos() {
        return nextTick;
    }

    private static long stored(Optional<ConsumerStats> stats) {
        return stats.map(s -> s.messages().stored()).orElse(-1L);
    }

    // what the run found, for the result

    long sendEndNanos() {
        return sendEnd;
    }

    long drainedNanos() {
        return drained;
    }

    long resumedAtNanos() {
        return resumedAt;
    }

    long storedAtResume() {
        return storedAtResume;
    }

    long backlogAtResume() {
        return backlogAtResume;
    }

    String aborted() {
        return aborted;
    }

    Optional<ConsumerStats> before() {
        return before;
    }

    /** The consumer's stats over the measured span and the drain, oldest first, ending with {@code last}. */
    List<ConsumerStats> window(Optional<ConsumerStats> last) {
        return window.endingWith(last);
    }

    /** A backlog's consumer stats just before the resume; empty for other runs. */
    Optional<ConsumerStats> atResume() {
        return atResume;
    }

    Optional<ConsumerStats> atMeasureStart() {
        return atMeasureStart;
    }
}
