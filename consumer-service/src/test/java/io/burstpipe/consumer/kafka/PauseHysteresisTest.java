package io.burstpipe.consumer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.burstpipe.consumer.kafka.PauseHysteresis.Decision;
import org.junit.jupiter.api.Test;

class PauseHysteresisTest {

    private final PauseHysteresis h = new PauseHysteresis(100, 20);

    @Test
    void pausesOnceTheQueueAndWhatWaitsReachTheHighMark() {
        assertThat(h.afterReceive(80, 19)).isEqualTo(Decision.NONE);
        assertThat(h.afterReceive(80, 20)).isEqualTo(Decision.PAUSE);
        assertThat(h.isPaused()).isTrue();
        assertThat(h.afterReceive(200, 50)).isEqualTo(Decision.NONE); // already paused: no second pause
    }

    @Test
    void resumesOnlyWhenNothingWaitsAndTheQueueIsAtTheLowMark() {
        h.afterReceive(100, 0);
        assertThat(h.afterMove(50, 0)).isEqualTo(Decision.NONE);   // between the marks: stays paused
        assertThat(h.afterMove(10, 1)).isEqualTo(Decision.NONE);   // records still wait for room
        assertThat(h.afterMove(20, 0)).isEqualTo(Decision.RESUME);
        assertThat(h.isPaused()).isFalse();
        assertThat(h.afterMove(0, 0)).isEqualTo(Decision.NONE);    // not paused: nothing to resume
    }

    @Test
    void aDepthBetweenTheMarksNeitherPausesNorResumes() {
        assertThat(h.afterReceive(60, 0)).isEqualTo(Decision.NONE);
        assertThat(h.afterMove(60, 0)).isEqualTo(Decision.NONE);
        assertThat(h.isPaused()).isFalse();
    }

    @Test
    void marksThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new PauseHysteresis(10, 10)).hasMessageContaining("resume-below < pause-above");
        assertThatThrownBy(() -> new PauseHysteresis(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
