package io.burstpipe.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule is computed, not timed: these tests run on intended times only (a fake clock). */
class IntendedScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    private static List<Long> times(IntendedSchedule schedule, long untilNanos) {
        List<Long> times = new ArrayList<>();
        for (long t = schedule.nextNanos(); t < untilNanos; t = schedule.nextNanos()) {
            times.add(t);
        }
        return times;
    }

    private static long countBetween(List<Long> times, long fromNanos, long toNanos) {
        return times.stream().filter(t -> t >= fromNanos && t < toNanos).count();
    }

    @Test
    void steadyIsEvenlySpacedFromZero() {
        List<Long> times = times(new IntendedSchedule(new SteadyProfile(1000), Arrivals.UNIFORM, 1), SECOND);
        assertThat(times).hasSize(1000);
        assertThat(times.get(0)).isZero();
        assertThat(times.get(1)).isEqualTo(1_000_000L);
        assertThat(times.get(999)).isEqualTo(999_000_000L);
    }

    @Test
    void sameSeedSameScheduleDifferentSeedDifferentSchedule() {
        ProfileSettings spec = ProfileSettings.burst(100, 5000, 200, 800);
        List<Long> a = times(spec.schedule(7), 5 * SECOND);
        List<Long> b = times(spec.schedule(7), 5 * SECOND);
        List<Long> c = times(spec.schedule(8), 5 * SECOND);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void burstSendsThePeakRateInsideBurstsAndTheBaseRateBetween() {
        ProfileSettings spec = ProfileSettings.burst(100, 10_000, 1000, 3000);
        List<Long> times = times(spec.schedule(42), 40 * SECOND);
        // ten periods: 10 x (10 000 in the burst + 300 between), Poisson: within a few percent
        assertThat((double) countBetween(times, 0, 40 * SECOND)).isCloseTo(103_000, within(3_000.0));
        long inBursts = 0;
        for (int period = 0; period < 10; period++) {
            inBursts += countBetween(times, period * 4 * SECOND, period * 4 * SECOND + SECOND);
        }
        assertThat((double) inBursts).isCloseTo(100_000, within(2_500.0));
    }

    @Test
    void poissonAveragesItsRate() {
        List<Long> times = times(ProfileSettings.steady(2000).schedule(3), 10 * SECOND);
        ProfileSettings poisson = new ProfileSettings(ProfileKind.POISSON, 2000, 2000, 1, 1, 1, 0, 1, null);
        List<Long> random = times(poisson.schedule(3), 10 * SECOND);
        assertThat(times).hasSize(20_000);
        assertThat((double) random.size()).isCloseTo(20_000, within(600.0));
    }

    @Test
    void rampRisesLinearly() {
        IntendedSchedule schedule = new IntendedSchedule(new RampProfile(0, 2000, 2000), Arrivals.UNIFORM, 1);
        List<Long> times = times(schedule, 3 * SECOND);
        // first second averages 500/s, second 1500/s, third holds 2000/s
        assertThat((double) countBetween(times, 0, SECOND)).isCloseTo(500, within(15.0));
        assertThat((double) countBetween(times, SECOND, 2 * SECOND)).isCloseTo(1500, within(15.0));
        assertThat((double) countBetween(times, 2 * SECOND, 3 * SECOND)).isCloseTo(2000, within(2.0));
    }

    @Test
    void spikeOnlyDuringItsWindow() {
        IntendedSchedule schedule = new IntendedSchedule(new SpikeProfile(10, 1000, 1000, 500), Arrivals.UNIFORM, 1);
        List<Long> times = times(schedule, 3 * SECOND);
        assertThat((double) countBetween(times, 0, SECOND)).isCloseTo(10, within(1.0));
        assertThat((double) countBetween(times, SECOND, SECOND + SECOND / 2)).isCloseTo(500, within(2.0));
        assertThat((double) countBetween(times, SECOND + SECOND / 2, 3 * SECOND)).isCloseTo(15, within(2.0));
    }

    @Test
    void silentBetweenBurstsWhenTheBaseRateIsZero() {
        List<Long> times = times(ProfileSettings.burst(0, 1000, 100, 900).schedule(5), 3 * SECOND);
        assertThat(times).allMatch(t -> t % SECOND < 100_000_000L);
    }

    @Test
    void aProfileThatNeverSendsEnds() {
        IntendedSchedule schedule = new IntendedSchedule(new SteadyProfile(0), Arrivals.UNIFORM, 1);
        assertThat(schedule.nextNanos()).isEqualTo(IntendedSchedule.NEVER);
        assertThat(schedule.nextNanos()).isEqualTo(IntendedSchedule.NEVER);
    }

    @Test
    void badSettingsNameTheFlag() {
        assertThatThrownBy(() -> ProfileSettings.burst(-1, 10, 100, 100))
                .hasMessage("--rate must be between 0 and 100000000 msgs/s (was -1.0)");
        assertThatThrownBy(() -> ProfileSettings.burst(1, 10, 0, 100))
                .hasMessage("--burst-on must be > 0 ms (was 0 ms)");
        assertThatThrownBy(() -> ProfileKind.parse("wavy"))
                .hasMessage("unknown profile 'wavy'; allowed: steady, burst, poisson, ramp, spike, stages");
    }

    @Test
    void uniformArrivalsDoNotDriftAcrossAWholeRun() {
        for (double rate : new double[] {3, 7, 300, 1000, 20_000, 33_333}) {
            IntendedSchedule schedule = new IntendedSchedule(new SteadyProfile(rate), Arrivals.UNIFORM, 1);
            long inTenSeconds = 0;
            for (long t = schedule.nextNanos(); t < 10_000_000_000L; t = schedule.nextNanos()) {
                inTenSeconds++;
            }
            // first arrival at 0, then every 1/rate: exactly 10 x rate fall before 10 s
            assertThat(inTenSeconds).as("%s msgs/s", rate).isEqualTo(Math.round(10 * rate));
        }
    }
}
