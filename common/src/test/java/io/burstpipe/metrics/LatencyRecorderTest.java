package io.burstpipe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void everyValueIsInExactlyOneIntervalThoughTheTotalIsReadInBetween() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordMicros(10);
        assertThat(r.takeInterval().getTotalCount()).isEqualTo(1);
        r.recordMicros(20);
        r.recordMicros(30);
        assertThat(r.total().getTotalCount()).isEqualTo(3); // reading the total does not take the interval away
        r.recordMicros(40);
        assertThat(r.takeInterval().getTotalCount()).isEqualTo(3);
        assertThat(r.takeInterval().getTotalCount()).isZero();
        assertThat(r.total().getTotalCount()).isEqualTo(4);
        assertThat(r.total().getMaxValue()).isBetween(40L, 41L);
    }

    @Test
    void aValueRecordedWithACountCountsThatManyTimesEverywhere() {
        LatencyRecorder r = new LatencyRecorder();
        java.util.List<Long> also = new java.util.ArrayList<>();
        r.alsoRecordTo(also::add);
        r.recordNanos(2_500_000, 3);
        r.recordNanos(9_000, 0);
        assertThat(r.takeInterval().getTotalCount()).isEqualTo(3);
        assertThat(r.total().getValueAtPercentile(100)).isBetween(2500L, 2501L);
        assertThat(also).containsExactly(2500L, 2500L, 2500L);
    }
}
