package io.burstpipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.api.Bottleneck.Readout;
import io.burstpipe.api.Bottleneck.Sender;
import io.burstpipe.api.Bottleneck.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The verdicts on windows whose answer is known by construction: seconds of stats built by hand, as a consumer
 * with the given writers would report them.
 */
class BottleneckTest {

    /**
     * One second of a consumer's life: messages taken and stored, writer busy time, queue and push-back, and the
     * share of the second there was work in the pipeline.
     */
    private record Second(long taken, double busySeconds, double meanDepth, double inQueueSeconds,
                          double heldBackSeconds, long overflowed, double loadedShare) {
    }

    private static Second idle() {
        return new Second(0, 0, 0, 0, 0, 0, 0);
    }

    /** Cumulative snapshots, one per second, from the seconds given; {@code writers} store writers. */
    private static List<ConsumerStats> window(int writers, int capacity, List<Second> seconds) {
        List<ConsumerStats> out = new ArrayList<>();
        long taken = 0;
        long busy = 0;
        long inQueue = 0;
        long depthTime = 0;
        long samples = 0;
        long heldBack = 0;
        long rejected = 0;
        long loaded = 0;
        long busyWriters = 0;
        out.add(snapshot(0, writers, capacity, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        int t = 0;
        for (Second s : seconds) {
            t++;
            taken += s.taken();
            busy += (long) (s.busySeconds() * 1e9);
            inQueue += (long) (s.inQueueSeconds() * 1e9);
            depthTime += Math.round(s.meanDepth() * 100);
            samples += 100;
            heldBack += (long) (s.heldBackSeconds() * 1e9);
            rejected += s.overflowed();
            loaded += Math.round(s.loadedShare() * 100);
            busyWriters += Math.round(s.busySeconds() * 100); // 100 samples a second
            out.add(snapshot(t, writers, capacity, taken, busy, inQueue, depthTime, samples, heldBack, rejected,
                    loaded, busyWriters));
        }
        return out;
    }

    private static ConsumerStats snapshot(int second, int writers, int capacity, long taken, long busyNanos,
                                          long inQueueNanos, long depthTime, long samples, long heldBackNanos,
                                          long rejected, long loadedMicros, long busyWriterMicros) {
        return new ConsumerStats(1_000_000L + second * 1000L, "block", false, false, "test",
                new ConsumerStats.Queue(0, capacity, capacity),
                new ConsumerStats.Messages(taken + rejected, taken, taken, 0, rejected, 0, 0, 0),
                new ConsumerStats.Batches(0, 0, 0), 0, ConsumerStats.Connections.NONE,
                new ConsumerStats.Work(writers, taken / 10, busyNanos, inQueueNanos, taken, depthTime, samples,
                        heldBackNanos, loadedMicros, busyWriterMicros),
                Optional.empty(), Optional.empty());
    }

    private static List<Second> repeat(int times, List<Second> cycle) {
        List<Second> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.addAll(cycle);
        }
        return out;
    }

    @Test
    void aStoreFullDuringBurstsIsTheBottleneckThoughTheQuietGapsHalveItsAverage() {
        // 1 writer at 1000 msgs/s; bursts of 4000/s for 1 s every 4 s: the writer works flat out for the burst
        // and the drain after it, then idles; over the whole span it is 50% busy
        Second busy = new Second(1000, 1.0, 10, 0.01 * 1000, 2.0, 0, 1.0);
        List<ConsumerStats> w = window(1, 10, repeat(5, List.of(busy, busy, idle(), idle())));
        Readout r = Bottleneck.judge(Optional.of(new Sender(1000, 1000, 10_000, 6_000, 0)), w);

        assertThat(r.stage()).isEqualTo(Stage.STORE);
        assertThat(r.consumer().get().spanBusy()).isEqualTo(0.5);
        assertThat(r.consumer().get().loadedBusy().getAsDouble()).isEqualTo(1.0); // busy whenever there was work
        assertThat(r.consumer().get().capacity().getAsDouble()).isEqualTo(1000.0);
        assertThat(r.reason()).contains("100% busy while there was work").contains("about 1000 msgs/s");
    }

    @Test
    void aSenderThatMeasuredItsHeldBackTimeHasItInTheSentence() {
        Second busy = new Second(1000, 1.0, 10, 0.01 * 1000, 2.0, 0, 1.0);
        Readout r = Bottleneck.judge(Optional.of(new Sender(1000, 1000, 10_000, 6_000, 0,
                java.util.OptionalDouble.of(0.62))), window(1, 10, repeat(5, List.of(busy, busy, idle(), idle()))));
        assertThat(r.stage()).isEqualTo(Stage.STORE);
        assertThat(r.reason()).endsWith("60.0% of sends waited for the in-flight bound, senders held back 62% of the "
                + "time");
    }

    @Test
    void aSteadyRunWellBelowCapacityIsNoneAndLittlesLawHolds() {
        // 230 msgs/s into a writer that takes 2 ms each: 46% busy; each message spends 10 ms in the queue on
        // average, so 2.3 are in it: L = lambda W exactly
        Second steady = new Second(230, 0.46, 2.3, 230 * 0.010, 0, 0, 0.5);
        Readout r = Bottleneck.judge(Optional.of(new Sender(230, 230, 2300, 0, 0)),
                window(1, 10, repeat(10, List.of(steady))));

        assertThat(r.stage()).isEqualTo(Stage.NONE);
        Bottleneck.Little little = r.little().orElseThrow();
        assertThat(little.meanDepth()).isEqualTo(2.3);
        assertThat(little.predicted()).isCloseTo(2.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(little.holds()).isTrue();
        assertThat(little.verdict()).startsWith("holds");
    }

    @Test
    void littlesLawFailsWhenTheWaitIncludesTimeBeforeTheQueue() {
        // a depth of 1 cannot come from 1000/s staying 45 ms each (that would be 45 in the queue)
        Second s = new Second(1000, 0.5, 1.0, 1000 * 0.045, 0, 0, 0.6);
        Readout r = Bottleneck.judge(Optional.of(new Sender(1000, 1000, 10_000, 0, 0)),
                window(1, 10, repeat(5, List.of(s))));
        assertThat(r.little().orElseThrow().holds()).isFalse();
        assertThat(r.little().get().verdict()).startsWith("does not hold: off by 98%");
    }

    @Test
    void refusalsFromATinyQueueBeforeASlackStoreAreTheQueue() {
        Second s = new Second(2000, 2 * 0.2, 1.5, 2000 * 0.0007, 0, 300, 0.5);
        Readout r = Bottleneck.judge(Optional.of(new Sender(2300, 2300, 23_000, 0, 0)),
                window(2, 2, repeat(5, List.of(s))));
        assertThat(r.stage()).isEqualTo(Stage.QUEUE);
        assertThat(r.reason()).startsWith("1500 messages were refused or dropped by a full queue of 2");
    }

    @Test
    void sendsWaitingForTheWindowWhileTheStoreIdlesAreTheTransport() {
        Second s = new Second(3000, 4 * 0.15, 0.2, 3000 * 0.00005, 0, 0, 0.75);
        Readout r = Bottleneck.judge(Optional.of(new Sender(20_000, 3000, 15_000, 14_000, 0)),
                window(4, 1000, repeat(5, List.of(s))));
        assertThat(r.stage()).isEqualTo(Stage.TRANSPORT);
        assertThat(r.reason()).contains("93.3% of sends waited for the in-flight bound")
                .contains("store was only 20% busy");
    }

    @Test
    void aGeneratorBehindItsScheduleWithoutWaitingIsTheProducer() {
        Readout r = Bottleneck.judge(Optional.of(new Sender(3_000_000, 700_000, 7_000_000, 0, 0)), List.of());
        assertThat(r.stage()).isEqualTo(Stage.PRODUCER);
        assertThat(r.reason()).contains("sent 700000 of the 3000000 msgs/s");
    }

    @Test
    void aDrainAfterABacklogIsStoreBoundAndNeverReportsANegativeCapacity() {
        // paused while 5000 were sent (nothing taken, no busy time), then drained at the writer's full rate
        Second drain = new Second(1800, 1.0, 10, 1800 * 0.0055, 3.0, 0, 1.0);
        List<Second> run = new ArrayList<>(List.of(idle(), idle()));
        run.addAll(List.of(drain, drain));
        Readout r = Bottleneck.judge(Optional.of(new Sender(5000, 5000, 5000, 4000, 0)), window(1, 10, run));
        assertThat(r.stage()).isEqualTo(Stage.STORE);
        assertThat(r.consumer().get().capacity().getAsDouble()).isEqualTo(1800.0);
        assertThat(r.reason()).doesNotContain("-1");
    }

    @Test
    void aBacklogDrainedFlatOutIsTheStoreEvenWhenNoSenderWasHeldBack() {
        // the queue took the whole backlog, so no send waited; from the resume on the writer worked without a gap
        Second drain = new Second(1800, 1.0, 900, 1800 * 0.5, 0, 0, 1.0);
        List<Second> run = List.of(new Second(0, 0, 2500, 0, 0, 0, 1.0), drain, drain); // paused, then drained
        Readout r = Bottleneck.judgeDrain(window(1, 5000, run), 1_001_000L);
        assertThat(r.stage()).isEqualTo(Stage.STORE);
        assertThat(r.reason()).startsWith("the backlog drained at the store writers' pace, 1800 msgs/s")
                .contains("100% of their time while work waited was inside store writes");
        assertThat(r.consumer().get().taken()).isEqualTo(3600); // the drain alone
        assertThat(Bottleneck.judgeDrain(List.of(), 0).stage()).isEqualTo(Stage.UNKNOWN);
    }

    @Test
    void aWriterNeverBusySaysSoInsteadOfACapacity() {
        Readout r = Bottleneck.judge(Optional.of(new Sender(100, 100, 1000, 0, 0)),
                window(1, 10, repeat(3, List.of(idle()))));
        assertThat(r.stage()).isEqualTo(Stage.NONE);
        assertThat(r.consumer().get().capacity()).isEmpty();
        assertThat(r.reason()).contains("never busy").doesNotContain("-1");
    }

    @Test
    void withoutStatsAHeldBackSenderIsUnknownNotGuessed() {
        Readout r = Bottleneck.judge(Optional.of(new Sender(1000, 990, 10_000, 5_000, 0)), List.of());
        assertThat(r.stage()).isEqualTo(Stage.UNKNOWN);
        assertThat(r.consumer()).isEmpty();
    }
}
