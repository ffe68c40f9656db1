package io.burstpipe.loadtest;

import io.burstpipe.api.ConsumerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The consumer's cumulative stats over a run, about a second apart, oldest first: what the bottleneck readout is
 * judged on. Bounded: a very long run keeps every other reading, so the span stays whole. A consumer that
 * restarted (its counters began again) starts the window afresh: the readout covers the span since. Not
 * thread-safe.
 */
final class StatsWindow {

    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(900);
    private static final int MAX = 20_000;

    private final List<ConsumerStats> readings = new ArrayList<>();
    private long lastNanos;

    /** Keeps {@code stats} if a step has passed since the last reading kept. */
    void offer(long nowNanos, ConsumerStats stats) {
        if (!readings.isEmpty() && nowNanos - lastNanos < STEP_NANOS) {
            return;
        }
        add(stats);
        lastNanos = nowNanos;
    }

    /** Keeps {@code stats} whatever the step (a moment the readout needs, such as a backlog's resume). */
    void add(ConsumerStats stats) {
        if (restartedBefore(readings, stats)) {
            readings.clear();
        }
        readings.add(stats);
        if (readings.size() > MAX) {
            List<ConsumerStats> thinned = new ArrayList<>();
            for (int i = 0; i < readings.size(); i += 2) {
                thinned.add(readings.get(i));
            }
            readings.clear();
            readings.addAll(thinned);
        }
    }

    /** The readings, ending with {@code last}; empty if nothing was kept. */
    List<ConsumerStats> endingWith(Optional<ConsumerStats> last) {
        List<ConsumerStats> all = new ArrayList<>(readings);
        if (!all.isEmpty() && last.isPresent()) {
            if (restartedBefore(all, last.get())) {
                all.clear();
            }
            all.add(last.get());
        }
        return List.copyOf(all);
    }

    /** The consumer restarted between the last of {@code readings} and {@code next}: its counters began again. */
    private static boolean restartedBefore(List<ConsumerStats> readings, ConsumerStats next) {
        return !readings.isEmpty()
                && next.messages().received() < readings.get(readings.size() - 1).messages().received();
    }
}
