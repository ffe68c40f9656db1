package io.burstpipe.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StagesProfileTest {

    private static final long SECOND = 1_000_000_000L;

    private static long count(RateProfile profile, long fromNanos, long toNanos) {
        IntendedSchedule schedule = new IntendedSchedule(profile, Arrivals.UNIFORM, 1);
        long n = 0;
        for (long t = schedule.nextNanos(); t != IntendedSchedule.NEVER; t = schedule.nextNanos()) {
            if (t >= fromNanos && t < toNanos) {
                n++;
            }
        }
        return n;
    }

    @Test
    void holdsAndRampsInOrderThenEnds() {
        StagesProfile stages = StagesProfile.parse("2s:1000, 4s:0..2000, 1s:500");
        assertThat(stages.totalNanos()).isEqualTo(7 * SECOND);
        assertThat(stages.ratePerSecAt(SECOND)).isEqualTo(1000.0);
        assertThat(stages.ratePerSecAt(4 * SECOND)).isBetween(990.0, 1010.0);
        assertThat(stages.ratePerSecAt(6_500_000_000L)).isEqualTo(500.0);
        assertThat(stages.ratePerSecAt(7 * SECOND)).isZero();
        assertThat(count(stages, 0, 2 * SECOND)).isEqualTo(2000);
        // the ramp's mean is 1000 msgs/s over 4 s
        assertThat(count(stages, 2 * SECOND, 6 * SECOND)).isBetween(3990L, 4010L);
        assertThat(count(stages, 6 * SECOND, 7 * SECOND)).isBetween(499L, 501L);
        assertThat(count(stages, 7 * SECOND, Long.MAX_VALUE)).isZero();
        assertThat(stages.describe()).isEqualTo("stages 2s:1000,4s:0..2000,1s:500");
    }

    @Test
    void aSpecWithStagesBuildsThem() {
        ProfileSettings spec = ProfileSettings.stages("1s:100");
        assertThat(spec.toProfile()).isInstanceOf(StagesProfile.class);
        assertThatThrownBy(() -> new ProfileSettings(ProfileKind.STEADY, 1, 1, 1, 1, 1, 0, 1, null, "1s:100"))
                .hasMessageContaining("--stages is only used with --profile stages");
    }

    @Test
    void badStagesSayWhichAndWhatIsAllowed() {
        assertThatThrownBy(() -> StagesProfile.parse("")).hasMessageContaining("DURATION:RATE");
        assertThatThrownBy(() -> StagesProfile.parse("10s")).hasMessageContaining("stage '10s' is not DURATION:RATE");
        assertThatThrownBy(() -> StagesProfile.parse("10s:100,ten:5")).hasMessageContaining("stage 'ten:5'")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> StagesProfile.parse("10s:lots")).hasMessageContaining("'lots' is not a rate");
        assertThatThrownBy(() -> StagesProfile.parse("0:100")).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> StagesProfile.parse("1s:-5")).hasMessageContaining("must be between 0");
    }
}
