package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.api.ConsumerStats;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bottleneck readout's window: a reading about a second apart, moments it needs, and a bound. */
class StatsWindowTest {

    private static final long MS = 1_000_000L;

    private static ConsumerStats stored(long n) {
        return new ConsumerStats(n, "block", false, false, "memory", new ConsumerStats.Queue(0, 10, 0),
                new ConsumerStats.Messages(n, n, n, 0, 0, 0, 0, 0), new ConsumerStats.Batches(0, 0, 0), 0,
                ConsumerStats.Connections.NONE, new ConsumerStats.Work(1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                Optional.empty(), Optional.empty());
    }

    private static List<Long> storedOf(List<ConsumerStats> readings) {
        return readings.stream().map(s -> s.messages().stored()).toList();
    }

    @Test
    void keepsAReadingAboutASecondApartPlusTheMomentsAskedForAndTheLast() {
        StatsWindow w = new StatsWindow();
        w.offer(0, stored(1));
        w.offer(500 * MS, stored(2)); // too soon
        w.offer(1000 * MS, stored(3));
        w.add(stored(4)); // e.g. a backlog's resume
        assertThat(storedOf(w.endingWith(Optional.of(stored(5))))).containsExactly(1L, 3L, 4L, 5L);
        assertThat(new StatsWindow().endingWith(Optional.of(stored(9)))).isEmpty();
    }

    @Test
    void aConsumerThatRestartedStartsTheWindowAfresh() {
        StatsWindow w = new StatsWindow();
        w.add(stored(100));
        w.add(stored(200));
        w.add(stored(5)); // its counters began again
        w.add(stored(50));
        assertThat(storedOf(w.endingWith(Optional.of(stored(80))))).containsExactly(5L, 50L, 80L);
        assertThat(storedOf(w.endingWith(Optional.of(stored(3))))).as("restarted once more at the end")
                .containsExactly(3L);
    }

    @Test
    void aVeryLongRunKeepsEveryOtherReadingAndTheWholeSpan() {
        StatsWindow w = new StatsWindow();
        for (long i = 0; i <= 20_000; i++) {
            w.add(stored(i));
        }
        List<Long> kept = storedOf(w.endingWith(Optional.empty()));
        assertThat(kept).hasSizeLessThanOrEqualTo(20_000).startsWith(0L, 2L, 4L);
        assertThat(kept.get(kept.size() - 1)).isGreaterThanOrEqualTo(19_998L);
    }
}
