package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's judgement on figures whose answer is known, and its flags checked up front. */
class SweepTest {

    private static Sweep.Setting setting(String value, double p99, long undelivered) {
        return setting(value, p99, undelivered, 0, true);
    }

    private static Sweep.Setting setting(String value, double p99, long undelivered, long notStored, boolean passed) {
        return new Sweep.Setting(value, p99, p99 * 1.2, 100, 1000, undelivered, 0, undelivered, notStored, 0, 0, 10, -1,
                passed);
    }

    /** block: no loss, slow; the drops: fast and lossy, drop-oldest better on both than drop-newest; reject between. */
    private static Sweep overload() {
        return new Sweep("overflow", List.of(setting("block", 2400, 0), setting("reject", 230, 490),
                setting("drop-newest", 225, 480), setting("drop-oldest", 200, 470)));
    }

    @Test
    void theFrontHoldsTheSettingsNoOtherBeatsOnBoth() {
        Sweep sweep = overload();
        List<String> front = sweep.settings().stream().filter(sweep::onFront).map(Sweep.Setting::value).toList();
        // drop-oldest beats reject and drop-newest on p99 and on loss; block is the only one that loses nothing
        assertThat(front).containsExactly("block", "drop-oldest");
    }

    @Test
    void eachGoalPicksItsSetting() {
        Sweep sweep = overload();
        assertThat(sweep.recommend(Sweep.Goal.NO_LOSS).pick()).map(Sweep.Setting::value).contains("block");
        assertThat(sweep.recommend(Sweep.Goal.NO_LOSS).line()).isEqualTo("for nothing undelivered, then the lowest "
                + "p99: overflow=block (p99 2400.00 ms, 0 of 1000 not delivered, on the front)");
        assertThat(sweep.recommend(Sweep.Goal.LOWEST_P99).pick()).map(Sweep.Setting::value).contains("drop-oldest");
        assertThat(sweep.recommend(Sweep.Goal.MOST_DELIVERED).pick()).map(Sweep.Setting::value).contains("block");
    }

    private static Sweep.Setting marks(String value, double p99, long drainMillis, long pauses) {
        return new Sweep.Setting(value, p99, p99 * 1.2, 100, 1000, 0, 0, 0, 0, 0, 0, drainMillis, pauses, true);
    }

    @Test
    void aKafkaSweepIsJudgedOnDrainAndPausesNotOnTheBrokersAnswer() {
        // the broker answers the sends whatever the consumer does: p99 must not decide; a flapping setting drains late
        Sweep sweep = new Sweep("water-marks", List.of(marks("150/50", 12, 8400, 46), marks("30/25", 10, 11100, 229),
                marks("100/90", 11, 8400, 120), marks("stuck", 9, -1, 3)));
        assertThat(sweep.kafka()).isTrue();
        assertThat(sweep.frontText()).isEqualTo("drain time and Kafka pauses");
        assertThat(sweep.settings().stream().filter(sweep::onFront).map(Sweep.Setting::value)).containsExactly(
                "150/50", "stuck");
        Sweep.Recommendation r = sweep.recommend(Sweep.Goal.FASTEST_DRAIN);
        assertThat(r.pick()).map(Sweep.Setting::value).contains("150/50");
        assertThat(r.line()).isEqualTo("for the group's lag back to 0 soonest after the last send, then the fewest "
                + "pauses: water-marks=150/50 (p99 12.00 ms, 0 of 1000 not delivered, drained in 8400 ms, 46 pauses, "
                + "on the front)");
        Sweep none = new Sweep("water-marks", List.of(marks("80/20", 9, -1, 3), marks("10/9", 9, -1, 30)));
        assertThat(none.recommend(Sweep.Goal.FASTEST_DRAIN).line()).isEqualTo("no setting drained within "
                + "--drain-timeout: none to recommend");
        assertThat(overload().kafka()).isFalse();
    }

    @Test
    void noSettingWithoutLossIsSaidAndNamesTheLeastLossy() {
        Sweep sweep = new Sweep("overflow", List.of(setting("reject", 230, 490), setting("drop-oldest", 200, 470)));
        Sweep.Recommendation r = sweep.recommend(Sweep.Goal.NO_LOSS);
        assertThat(r.pick()).isEmpty();
        assertThat(r.line()).isEqualTo("no setting delivered every message; the fewest undelivered: "
                + "overflow=drop-oldest (470, p99 200.00 ms)");
    }

    @Test
    void aSettingThatLostAcknowledgedMessagesOrFailedItsThresholdsIsNeverPicked() {
        Sweep sweep = new Sweep("overflow", List.of(setting("block", 2400, 0, 3, true),
                setting("reject", 230, 0, 0, false), setting("drop-oldest", 200, 470)));
        assertThat(sweep.recommend(Sweep.Goal.NO_LOSS).pick()).isEmpty();
        assertThat(sweep.recommend(Sweep.Goal.LOWEST_P99).pick()).map(Sweep.Setting::value).contains("drop-oldest");
    }

    private static String refusal(String... args) {
        return Refusals.of(args);
    }

    @Test
    void sweepFlagsAreCheckedUpFront() {
        assertThat(refusal("--sweep", "overflow=block,drop-newest")).contains("--sweep switches a burstpipe consumer's "
                + "settings through its control endpoints: it needs an HTTP target with --consumer (default: the "
                + "target) and --control-token");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,fast")).contains("--sweep overflow: "
                + "'fast' is not a policy; allowed: block, reject, drop-newest, drop-oldest");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block")).contains("--sweep needs at least two "
                + "settings");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,block")).contains("block is given twice");
        assertThat(refusal("--control-token", "t", "--sweep", "writers=1,2")).contains("--sweep takes "
                + "KNOB=V1,V2,... with the knob overflow, queue-capacity or water-marks (was 'writers=1,2')");
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--sweep", "water-marks=80/20,10/9")).contains(
                "--sweep water-marks sets the pause/resume water marks of a consumer reading Kafka: it needs "
                + "--transport kafka with --start-consumer");
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--transport", "kafka", "--sweep",
                "overflow=block,reject")).contains("--sweep overflow sets the HTTP intake of a burstpipe consumer: "
                + "it needs --transport http (for Kafka, sweep water-marks=PAUSE/RESUME,...)");
        assertThat(Refusals.withoutTarget("--transport", "kafka", "--sweep", "water-marks=80/20,10/9")).contains(
                "--sweep water-marks starts the consumer again with each setting: it needs --start-consumer");
        for (String bad : new String[] {"80", "20/80", "0/0", "8/8", "a/b", "80/-1"}) {
            assertThat(Refusals.withoutTarget("--transport", "kafka", "--start-consumer", "", "--sweep",
                    "water-marks=80/20," + bad)).contains("--sweep water-marks: '" + bad + "' is not PAUSE/RESUME; "
                    + "allowed: whole numbers with 1 <= PAUSE <= 1000000 and 0 <= RESUME < PAUSE");
        }
        assertThat(Refusals.withoutTarget("--transport", "kafka", "--start-consumer", "--resume-below 3", "--sweep",
                "water-marks=80/20,10/9")).contains("--sweep water-marks sets --pause-above and --resume-below on "
                + "the consumer it starts: drop --resume-below from --start-consumer");
        assertThat(refusal("--control-token", "t", "--sweep", "queue-capacity=10,100")).contains("--sweep "
                + "queue-capacity starts the consumer again with each setting: it needs --start-consumer");
        assertThat(Refusals.withoutTarget("--start-consumer", "--queue-capacity 5", "--sweep", "queue-capacity=10,100"))
                .contains("--sweep queue-capacity sets --queue-capacity on the consumer it starts: drop "
                        + "--queue-capacity from --start-consumer");
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--sweep", "queue-capacity=10,0")).contains(
                "--sweep queue-capacity: '0' is not a capacity; allowed: whole numbers from 1 to 1000000");
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--sweep", "queue-capacity=10,2000000")).contains(
                "'2000000' is not a capacity");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,reject", "--sweep-goal", "fastest"))
                .contains("--sweep-goal must be no-loss, lowest-p99, most-delivered or fastest-drain (was 'fastest')");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,reject", "--find-max"))
                .contains("--sweep runs plain runs of the whole schedule; it does not combine with --find-max");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,reject", "--transport", "noop"))
                .contains("it needs an HTTP target");
    }
}
