package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    /** 1000 latencies 1..1000 ms; service times all 2 ms; 10 of 1000 messages lost. */
    private static Measures measures(double achieved, double target) {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        Histogram service = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            latency.recordValue(i * 1000L);
            service.recordValue(2000);
        }
        return new Measures(latency, service, new Histogram(3_600_000_000L, 3), 1000, 990, 10, 5, 0, achieved, target);
    }

    @Test
    void latencyPercentilesCompareInMilliseconds() {
        Measures m = measures(1000, 1000);
        assertThat(Threshold.parse("p99<995ms").holds(m)).isTrue();
        assertThat(Threshold.parse("p99<980ms").holds(m)).isFalse();
        assertThat(Threshold.parse("p50<=1s").holds(m)).isTrue();
        assertThat(Threshold.parse("p99.9 < 250").holds(m)).isFalse();
        assertThat(Threshold.parse("max<1001ms").holds(m)).isTrue();
        assertThat(Threshold.parse("service-p99<3ms").holds(m)).isTrue();
        assertThat(Threshold.parse("service-max<1500us").holds(m)).isFalse();
        assertThat(Threshold.parse("p99<980ms").explain(m)).contains("p99 = 990");
    }

    @Test
    void countsRatesAndTheTargetRate() {
        Measures m = measures(985, 1000);
        assertThat(Threshold.parse("loss==0").holds(m)).isFalse();
        assertThat(Threshold.parse("loss<=10").holds(m)).isTrue();
        assertThat(Threshold.parse("loss_rate<1%").holds(m)).isFalse();
        assertThat(Threshold.parse("loss_rate<=0.01").holds(m)).isTrue();
        assertThat(Threshold.parse("errors!=0").holds(m)).isTrue();
        assertThat(Threshold.parse("delayed==5").holds(m)).isTrue();
        assertThat(Threshold.parse("rate>=0.99*target").holds(m)).isFalse();
        assertThat(Threshold.parse("rate>=0.98*target").holds(m)).isTrue();
        assertThat(Threshold.parse("rate>=target").holds(m)).isFalse();
        assertThat(Threshold.parse("rate>900").holds(m)).isTrue();
        assertThat(Threshold.parse("rate>=target").judgedEarly()).isFalse();
        assertThat(Threshold.parse("p99<1s").judgedEarly()).isTrue();
    }

    @Test
    void badThresholdsSayWhatIsAllowed() {
        assertThatThrownBy(() -> Threshold.parse("p99 250ms")).hasMessageContaining("METRIC OP VALUE");
        assertThatThrownBy(() -> Threshold.parse("latency<250ms")).hasMessageContaining("unknown metric 'latency'")
                .hasMessageContaining("loss_rate");
        assertThatThrownBy(() -> Threshold.parse("p99<fast")).hasMessageContaining("not a time");
        assertThatThrownBy(() -> Threshold.parse("p100<1s")).hasMessageContaining("percentile");
        assertThatThrownBy(() -> Threshold.parse("loss_rate<5")).hasMessageContaining("fraction");
        assertThatThrownBy(() -> Threshold.parse("rate>=lots")).hasMessageContaining("not a number");
    }

    @Test
    void aWindowInBracketsIsParsedAndCheckedWithWhatIsAllowed() {
        Threshold t = Threshold.parse("p99[10s]<250ms");
        assertThat(t.windowed()).isTrue();
        assertThat(t.windowSeconds()).isEqualTo(10);
        assertThat(t.value()).isEqualTo(250.0);
        assertThat(Threshold.parse("loss[1m]==0").windowSeconds()).isEqualTo(60);
        assertThat(Threshold.parse("p99<250ms").windowed()).isFalse();
        assertThatThrownBy(() -> Threshold.parse("p99[0s]<250ms")).hasMessage("--threshold 'p99[0s]<250ms': window "
                + "'0s' must be whole seconds or minutes, 1s..60m, e.g. [10s] or [1m]");
        assertThatThrownBy(() -> Threshold.parse("p99[2h]<250ms")).hasMessageContaining("window '2h' must be");
        assertThatThrownBy(() -> Threshold.parse("p99[61m]<250ms")).hasMessageContaining("window '61m' must be");
        assertThatThrownBy(() -> Threshold.parse("rate[10s]>=target")).hasMessage("--threshold 'rate[10s]>=target': "
                + "rate is judged over the whole run only; windows take the latency from the intended send time (p50, "
                + "p99, max, avg, ...), loss, loss_rate, errors, error_rate, delayed, dropped");
        assertThatThrownBy(() -> Threshold.parse("service-p99[5s]<1ms")).hasMessageContaining("service-p99 is judged "
                + "over the whole run only");
        assertThatThrownBy(() -> Threshold.parse("p99[10s]<soon")).hasMessageContaining("'soon' is not a time");
    }

    @Test
    void aSpanInBracketsIsParsedAndCheckedWithWhatIsAllowed() {
        Threshold t = Threshold.parse("p99[12s..15s]<60ms");
        assertThat(t.windowed()).isTrue();
        assertThat(t.span()).contains(new Threshold.Span(12, 15));
        assertThat(Threshold.parse("loss[1m..90s]==0").span()).contains(new Threshold.Span(60, 90));
        assertThatThrownBy(() -> Threshold.parse("p99[15s..12s]<60ms")).hasMessage("--threshold 'p99[15s..12s]<60ms': "
                + "span '15s..12s' must be FROM..TO with TO at least 1 s after FROM, e.g. [12s..15s]");
        assertThatThrownBy(() -> Threshold.parse("p99[12s..]<60ms")).hasMessageContaining("span '12s..' must be "
                + "FROM..TO, two times from the run's start");
        assertThatThrownBy(() -> Threshold.parse("rate[2s..5s]>=target")).hasMessageContaining("rate is judged over "
                + "the whole run only; spans take the latency");
        assertThat(Refusals.of("--warmup", "2s", "--threshold", "p99[1s..5s]<60ms")).contains("the span starts "
                + "inside the warm-up (2 s), whose seconds are not judged");
        assertThat(Refusals.of("--threshold", "p99[5s..11s]<60ms")).contains("the span ends after --duration (10 s)");
    }
}
