package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.api.ConsumerStats;
import io.burstpipe.loadtest.RunMonitor.Counters;
import io.burstpipe.loadtest.RunMonitor.Phase;
import io.burstpipe.loadtest.RunMonitor.Reading;
import io.burstpipe.loadtest.RunMonitor.Turn;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The run's decisions with plain numbers: the clock is whatever the readings say. */
class RunMonitorTest {

    private static final long S = 1_000_000_000L;
    private static final long START = 10 * S;

    private static ConsumerStats consumer(int depth, long stored) {
        return new ConsumerStats(0, "block", false, false, "memory", new ConsumerStats.Queue(depth, 100, depth),
                new ConsumerStats.Messages(stored, stored, stored, 0, 0, 0, 0, 0), new ConsumerStats.Batches(0, 0, 0),
                0, ConsumerStats.Connections.NONE, new ConsumerStats.Work(1, 0, 0, 0, 0, 0, 0, 0, 0, 0), Optional.empty(),
                Optional.<ConsumerStats.Kafka>empty());
    }

    /** A reading at {@code seconds} after the start. */
    private static Reading at(double seconds, Counters c, int inflight, boolean generatorDone,
                              Optional<ConsumerStats> stats, OptionalLong lag) {
        long now = START + (long) (seconds * S);
        return new Reading(now, c, inflight, generatorDone, generatorDone ? now : 0, false, stats, lag);
    }

    private static Counters sent(long sent, long acked) {
        return new Counters(sent, acked, 0, 0, 0, sent - acked);
    }

    @Test
    void phasesFollowTheWarmupAndTheEndOfSending() {
        RunMonitor m = new RunMonitor(START, 2 * S, 30 * S, 64, false, false, false, false);
        assertThat(m.turn(at(0.5, sent(10, 10), 0, false, Optional.empty(), OptionalLong.empty())).tick()).isEmpty();
        assertThat(m.turn(at(1.0, sent(20, 20), 0, false, Optional.empty(), OptionalLong.empty())).tick().get().phase())
                .isEqualTo(Phase.WARMUP);
        m.turn(at(2.0, sent(30, 30), 0, false, Optional.empty(), OptionalLong.empty()));
        assertThat(m.turn(at(3.0, sent(40, 40), 0, false, Optional.empty(), OptionalLong.empty())).tick().get().phase())
                .isEqualTo(Phase.MEASURE);
        Turn end = m.turn(at(3.5, sent(45, 40), 2, true, Optional.empty(), OptionalLong.empty()));
        assertThat(end.finished()).isFalse();
        assertThat(m.turn(at(4.0, sent(45, 44), 1, true, Optional.empty(), OptionalLong.empty())).tick().get()
                .phase()).isEqualTo(Phase.DRAIN);
    }

    @Test
    void theDrainWaitsForAnEmptyQueueAndZeroLagNotOnlyForTheAnswers() {
        RunMonitor m = new RunMonitor(START, 0, 30 * S, 64, false, false, true, true);
        m.turn(at(0.1, sent(0, 0), 0, false, Optional.of(consumer(0, 0)), OptionalLong.of(0)));
        Turn answered = m.turn(at(5.0, sent(100, 100), 0, true, Optional.of(consumer(7, 93)), OptionalLong.of(0)));
        assertThat(answered.finished()).as("queue not empty").isFalse();
        Turn lagging = m.turn(at(5.1, sent(100, 100), 0, true, Optional.of(consumer(0, 100)), OptionalLong.of(3)));
        assertThat(lagging.finished()).as("lag not zero").isFalse();
        Turn unknown = m.turn(at(5.2, sent(100, 100), 0, true, Optional.empty(), OptionalLong.empty()));
        assertThat(unknown.finished()).as("a failed reading proves nothing").isFalse();
        Turn done = m.turn(at(5.3, sent(100, 100), 0, true, Optional.of(consumer(0, 100)), OptionalLong.of(0)));
        assertThat(done.finished()).isTrue();
        assertThat(m.drainedNanos()).isEqualTo(START + (long) (5.3 * S));
    }

    @Test
    void theDrainGivesUpAtItsDeadline() {
        RunMonitor m = new RunMonitor(START, 0, 2 * S, 64, false, false, false, false);
        m.turn(at(1.0, sent(50, 40), 3, true, Optional.empty(), OptionalLong.empty()));
        assertThat(m.turn(at(2.9, sent(50, 45), 1, true, Optional.empty(), OptionalLong.empty())).finished()).isFalse();
        Turn late = m.turn(at(3.1, sent(50, 45), 1, true, Optional.empty(), OptionalLong.empty()));
        assertThat(late.finished()).isTrue();
        assertThat(late.gaveUp()).contains("5 messages still unanswered");
        assertThat(m.drainedNanos()).isNegative();
    }

    @Test
    void aStopEndsSendingOnceTheGeneratorIsBackOrAfterItsGrace() {
        RunMonitor m = new RunMonitor(START, 0, 30 * S, 64, false, false, false, false);
        Reading stopped = new Reading(START + S / 2, sent(5, 5), 0, false, 0, true, Optional.empty(),
                OptionalLong.empty());
        assertThat(m.turn(stopped).stopGenerator()).isTrue();
        assertThat(m.sendEndNanos()).as("the generator has not come back yet").isNegative();
        Reading stuck = new Reading(START + S / 2 + RunMonitor.STOP_GRACE_NANOS, sent(5, 5), 0, false, 0, true,
                Optional.empty(), OptionalLong.empty());
        m.turn(stuck);
        assertThat(m.sendEndNanos()).isEqualTo(stuck.nowNanos());
    }

    @Test
    void earlyAbortIsCheckedOnlyWhileMeasuringAndStopsTheGenerator() {
        RunMonitor m = new RunMonitor(START, S, 30 * S, 64, false, true, false, false);
        assertThat(m.turn(at(1.0, sent(10, 10), 0, false, Optional.empty(), OptionalLong.empty())).checkAbort())
                .as("warm-up").isFalse();
        assertThat(m.turn(at(2.0, sent(20, 20), 0, false, Optional.empty(), OptionalLong.empty())).checkAbort())
                .isTrue();
        m.abort("threshold failed: p99 = 2 s");
        Turn next = m.turn(at(2.1, sent(21, 21), 0, false, Optional.empty(), OptionalLong.empty()));
        assertThat(next.stopGenerator()).isTrue();
        assertThat(m.aborted()).isEqualTo("threshold failed: p99 = 2 s");
        assertThat(m.turn(at(3.0, sent(21, 21), 0, false, Optional.empty(), OptionalLong.empty())).checkAbort())
                .as("judged once").isFalse();
    }

    @Test
    void aBacklogResumesWhenSendingEndsCountingWhatWaits() {
        RunMonitor m = new RunMonitor(START, 0, 30 * S, 64, true, false, true, false);
        m.turn(at(0.1, sent(0, 0), 0, false, Optional.of(consumer(0, 1000)), OptionalLong.empty()));
        Turn sending = m.turn(at(1.0, sent(500, 0), 10, false, Optional.of(consumer(100, 1000)), OptionalLong.empty()));
        assertThat(sending.resume()).isEmpty();
        assertThat(sending.tick().get().phase()).isEqualTo(Phase.BACKLOG);
        Turn sent = m.turn(at(1.2, sent(600, 0), 10, true, Optional.of(consumer(100, 1000)), OptionalLong.empty()));
        assertThat(sent.resume()).hasValueSatisfying(r -> {
            assertThat(r.waiting()).isEqualTo(600);
            assertThat(r.heldUp()).isFalse();
        });
        assertThat(m.turn(at(2.0, sent(600, 300), 5, true, Optional.of(consumer(50, 1300)), OptionalLong.empty()))
                .tick().get().phase()).isEqualTo(Phase.DRAIN);
    }

    @Test
    void aBacklogSenderHeldUpForTwoTicksResumesTheConsumerEarly() {
        RunMonitor m = new RunMonitor(START, 0, 30 * S, 4, true, false, true, false);
        Optional<ConsumerStats> full = Optional.of(consumer(100, 0));
        m.turn(at(0.1, sent(0, 0), 0, false, full, OptionalLong.empty()));
        m.turn(at(1.0, sent(400, 0), 4, false, full, OptionalLong.empty()));
        m.turn(at(2.0, sent(400, 0), 4, false, full, OptionalLong.empty()));
        Turn third = m.turn(at(3.0, sent(400, 0), 4, false, full, OptionalLong.empty()));
        assertThat(third.resume()).isEmpty();
        Turn held = m.turn(at(3.1, sent(400, 0), 4, false, full, OptionalLong.empty()));
        assertThat(held.resume()).hasValueSatisfying(r -> assertThat(r.heldUp()).isTrue());
    }

    @Test
    void theBacklogCurveIsSampledEveryHundredMilliseconds() {
        RunMonitor m = new RunMonitor(START, 0, 30 * S, 64, true, false, false, false);
        int samples = 0;
        for (int i = 1; i <= 20; i++) {
            if (m.turn(at(i * 0.05, sent(i, 0), 1, false, Optional.empty(), OptionalLong.empty())).sampleCurve()) {
                samples++;
            }
        }
        assertThat(samples).isBetween(9, 11);
    }

    @Test
    void theMeasureStartSnapshotIsTakenAtTheEndOfTheWarmup() {
        RunMonitor m = new RunMonitor(START, 2 * S, 30 * S, 64, false, false, true, false);
        m.turn(at(0.1, sent(0, 0), 0, false, Optional.of(consumer(0, 0)), OptionalLong.empty()));
        m.turn(at(1.0, sent(10, 10), 0, false, Optional.of(consumer(0, 10)), OptionalLong.empty()));
        assertThat(m.atMeasureStart()).isEmpty();
        m.turn(at(2.0, sent(20, 20), 0, false, Optional.of(consumer(0, 20)), OptionalLong.empty()));
        assertThat(m.atMeasureStart().get().messages().stored()).isEqualTo(20);
        assertThat(m.before().get().messages().stored()).isZero();
    }
}
