package io.burstpipe.consumer.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntendedSecondsTest {

    private static List<Message> batch(long fromSeq, int n, long epochSecond, long stepMicros) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Message.of("p", fromSeq + i, 1, epochSecond * 1_000_000 + i * stepMicros));
        }
        return out;
    }

    @Test
    void countsMessagesBySecondOfTheirIntendedSendTimeAsLateOnesArrive() {
        IntendedSeconds counts = new IntendedSeconds();
        counts.add(batch(0, 10, 1000, 150_000)); // 0.0 .. 1.35 s: 7 in second 1000, 3 in 1001
        assertThat(counts.counts(999, 4)).containsExactly(0, 7, 3, 0);
        counts.add(batch(10, 2, 1000, 0)); // late arrivals intended in second 1000 raise its count
        assertThat(counts.counts(1000, 2)).containsExactly(9, 3);
    }

    @Test
    void keepsTheLastSecondsOnlyAndIgnoresOlderOnes() {
        IntendedSeconds counts = new IntendedSeconds();
        counts.add(batch(0, 5, 1000, 0));
        counts.add(batch(5, 4, 1000 + IntendedSeconds.SECONDS, 0)); // the same slot, a window later
        assertThat(counts.counts(1000, 1)).containsExactly(0);
        assertThat(counts.counts(1000 + IntendedSeconds.SECONDS, 1)).containsExactly(4);
        counts.add(batch(9, 3, 1000, 0)); // now older than the window: not counted
        assertThat(counts.counts(1000 + IntendedSeconds.SECONDS, 1)).containsExactly(4);
    }
}
