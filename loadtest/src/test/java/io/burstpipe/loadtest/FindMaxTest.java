package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.profile.ProfileSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FindMaxTest {

    /** A target that answers in 5 ms up to 7300 msgs/s and falls behind (seconds) above it. */
    private static LoadRun.Result step(double rate) {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValueWithCount(rate <= 7300 ? 5_000 : 2_000_000, 1000);
        LoadRun.Options options = new LoadRun.Options("step", "lt", ProfileSettings.steady(rate), 1, Duration.ofSeconds(1),
                Long.MAX_VALUE, Duration.ZERO, 10, Duration.ZERO, 64, Duration.ofSeconds(1), List.of(), false, false);
        Measures m = new Measures(latency, latency, latency, 1000, 1000, 0, 0, 0, rate, rate);
        return new LoadRun.Result(options, "steady", 0, m, 100, 0, 0, 0, 1, 1, List.of(), 1000, List.of(), null,
                List.of(), Optional.empty(), 0, null, "", 0, "", List.of());
    }

    @Test
    void doublesThenBisectsToWithinThePrecision() {
        FindMax search = new FindMax(99, 500, 0.05, 20);
        FindMax.Outcome o = search.search(1000, FindMaxTest::step, () -> false);
        assertThat(o.maxRate()).isBetween(7300 / 1.05, 7300.0);
        // 1000, 2000, 4000 and 8000 found the bracket; the bisection narrowed it
        assertThat(o.steps()).extracting(FindMax.Step::rate).startsWith(1000.0, 2000.0, 4000.0, 8000.0);
        assertThat(o.steps().get(3).passed()).isFalse();
        assertThat(o.steps().get(3).reason()).containsPattern("p99 200\\d\\.\\d ms >= 500 ms");
        assertThat(o.best().rate()).isEqualTo(o.maxRate());
    }

    @Test
    void halvesWhenTheFirstStepFailsAndStopsAtTheStepLimit() {
        FindMax search = new FindMax(99, 500, 0.01, 4);
        FindMax.Outcome o = search.search(60_000, FindMaxTest::step, () -> false);
        assertThat(o.steps()).extracting(FindMax.Step::rate).containsExactly(60_000.0, 30_000.0, 15_000.0, 7_500.0);
        assertThat(o.maxRate()).isZero();
    }
}
