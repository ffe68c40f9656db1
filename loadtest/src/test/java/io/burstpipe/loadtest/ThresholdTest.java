package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
                + "span '15s..12s' is 15 s..12 s: TO must be at least 1 s after FROM");
        assertThatThrownBy(() -> Threshold.parse("p99[12s..]<60ms")).hasMessageContaining("span '12s..' must be "
                + "FROM..TO with each a time from the run's start (12s), faultN, stageN");
        assertThatThrownBy(() -> Threshold.parse("p99[soon..12s]<60ms")).hasMessageContaining("'soon' is not a time");
        assertThatThrownBy(() -> Threshold.parse("rate[2s..5s]>=target")).hasMessageContaining("rate is judged over "
                + "the whole run only; spans take the latency");
        assertThat(Refusals.of("--warmup", "2s", "--threshold", "p99[1s..5s]<60ms")).contains("the span starts "
                + "inside the warm-up (2 s), whose seconds are not judged");
        assertThat(Refusals.of("--threshold", "p99[5s..11s]<60ms")).contains("the span ends after --duration (10 s)");
    }

    /** Faults at 10 s and 20 s, stages of 5 s, 20 s and 15 s (ends 5, 25, 40), a 40 s run, no warm-up unless given. */
    private static RunMarks marks(double warmup) {
        return new RunMarks(true, List.of(10.0, 20.0), List.of(0.0, 5.0, 25.0), List.of(5.0, 25.0, 40.0), 40, warmup);
    }

    @Test
    void aSpanCanBeWrittenAgainstTheRunsFaultsAndStages() {
        RunMarks m = marks(0);
        assertThat(Threshold.parse("p99[fault2+5s..end]<50ms", m).span()).contains(new Threshold.Span(25, 40));
        assertThat(Threshold.parse("p99[fault1..+4s]<50ms", m).span()).contains(new Threshold.Span(10, 14));
        assertThat(Threshold.parse("p99[fault1]>=100ms", m).span()).contains(new Threshold.Span(10, 20));
        assertThat(Threshold.parse("p99[fault2]<50ms", m).span()).contains(new Threshold.Span(20, 40));
        assertThat(Threshold.parse("p99[fault1-2s..fault2]<50ms", m).span()).contains(new Threshold.Span(8, 20));
        assertThat(Threshold.parse("p99[stage2]<50ms", m).span()).contains(new Threshold.Span(5, 25));
        assertThat(Threshold.parse("loss[stage2..stage3]==0", m).span()).contains(new Threshold.Span(5, 40));
        assertThat(Threshold.parse("p99[stage2+1s..stage2]<50ms", m).span()).contains(new Threshold.Span(6, 25));
        assertThat(Threshold.parse("p99[STAGE3]<50ms", m).span()).contains(new Threshold.Span(25, 40));
        // a span past the run's end is refused by the load test (below); a mark inside the warm-up starts after it
        assertThat(Threshold.parse("p99[fault2..+60s]<50ms", m).span()).contains(new Threshold.Span(20, 80));
        assertThat(Threshold.parse("p99[stage1]<50ms", marks(2)).span()).contains(new Threshold.Span(2, 5));
        assertThatThrownBy(() -> Threshold.parse("p99[stage1]<50ms", marks(4.5))).hasMessage("--threshold "
                + "'p99[stage1]<50ms': span 'stage1' is 4.5 s..5 s: TO must be at least 1 s after FROM (the part "
                + "after the warm-up)");
    }

    @Test
    void aSpanNamingAMarkTheRunDoesNotHaveIsRefusedWithWhatItHas() {
        assertThatThrownBy(() -> Threshold.parse("p99[fault3]<50ms", marks(0))).hasMessage("--threshold "
                + "'p99[fault3]<50ms': there is no fault 3; the run has 2 (fault1..fault2, numbered by time)");
        assertThatThrownBy(() -> Threshold.parse("p99[stage4..end]<50ms", marks(0))).hasMessage("--threshold "
                + "'p99[stage4..end]<50ms': there is no stage 4; the profile has 3 (stage1..stage3)");
        RunMarks plain = new RunMarks(true, List.of(), List.of(), List.of(), Double.NaN, 0);
        assertThatThrownBy(() -> Threshold.parse("p99[fault1..+5s]<50ms", plain)).hasMessageContaining("there is no "
                + "fault 1; the run has no --fault");
        assertThatThrownBy(() -> Threshold.parse("p99[stage1]<50ms", plain)).hasMessageContaining("there is no "
                + "stage 1; stages come with --profile stages");
        assertThatThrownBy(() -> Threshold.parse("p99[10s..end]<50ms", plain)).hasMessageContaining("'end' needs a "
                + "known end: give --duration (or --profile stages)");
        assertThatThrownBy(() -> Threshold.parse("p99[fault1..fault2+x]<50ms", marks(0))).hasMessageContaining(
                "'x' is not a time");
        assertThatThrownBy(() -> Threshold.parse("p99[fault1]<50ms")).hasMessageContaining("fault1 is a time of the "
                + "run being started; here spans take times from the run's start");
    }

    @Test
    void theLoadTestResolvesMarksFromItsFaultsAndStages() {
        assertThat(Refusals.of("--fault", "3s:pause", "--control-token", "t", "--threshold", "p99[fault2]<60ms"))
                .contains("there is no fault 2; the run has 1");
        assertThat(Refusals.of("--fault", "3s:pause", "--control-token", "t", "--threshold", "p99[fault1+8s..end]<60ms"))
                .contains("span 'fault1+8s..end' is 11 s..10 s: TO must be at least 1 s after FROM");
        assertThat(Refusals.withoutTarget("--target", "http://127.0.0.1:1", "--profile", "stages", "--stages",
                "2s:100,3s:200", "--threshold", "p99[stage3]<60ms"))
                .contains("there is no stage 3; the profile has 2 (stage1..stage2)");
        assertThat(Refusals.of("--fault", "3s:pause", "--control-token", "t", "--threshold", "p99[fault1..+8s]<60ms"))
                .contains("the span ends after --duration (10 s)");
    }
}
