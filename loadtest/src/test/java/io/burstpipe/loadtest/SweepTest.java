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
        return new Sweep.Setting(value, p99, p99 * 1.2, 100, 1000, undelivered, 0, undelivered, notStored, 0, 0, 10,
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
                + "KNOB=V1,V2,... with the knob overflow or queue-capacity (was 'writers=1,2')");
        assertThat(refusal("--control-token", "t", "--sweep", "queue-capacity=10,100")).contains("--sweep "
                + "queue-capacity starts the consumer again with each setting: it needs --start-consumer");
        assertThat(Refusals.withoutTarget("--start-consumer", "--queue-capacity 5", "--sweep", "queue-capacity=10,100"))
                .contains("--sweep queue-capacity sets --queue-capacity on the consumer it starts: drop it from "
                        + "--start-consumer");
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--sweep", "queue-capacity=10,0")).contains(
                "--sweep queue-capacity: '0' is not a capacity; allowed: whole numbers from 1 to 1000000");
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--sweep", "queue-capacity=10,2000000")).contains(
                "'2000000' is not a capacity");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,reject", "--sweep-goal", "fastest"))
                .contains("--sweep-goal must be no-loss, lowest-p99 or most-delivered (was 'fastest')");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,reject", "--find-max"))
                .contains("--sweep runs plain runs of the whole schedule; it does not combine with --find-max");
        assertThat(refusal("--control-token", "t", "--sweep", "overflow=block,reject", "--transport", "noop"))
                .contains("it needs an HTTP target");
    }
}
