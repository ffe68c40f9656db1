package io.burstpipe.loadtest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Judges the windowed thresholds ({@code p99[10s]<250ms}, {@code loss[30s]==0}) on every window of their length, a
 * second apart, from the run's seconds after the warm-up: the latency from the intended send time of the answers
 * in each second, and its counters. Within a window, {@code loss} is what was reported lost in it (failed requests
 * and messages the target dropped); messages never answered count in the whole-run loss at the end. A run shorter
 * than a window is judged as one window. Not thread-safe: the monitor thread feeds it.
 */
final class WindowJudge {

    /** One second of the run. */
    record Second(double t, Histogram latency, long sent, long errored, long delayed, long dropped) {
    }

    /** The sliding sums for one window length. */
    private static final class Window {
        final int seconds;
        final ArrayDeque<Second> last = new ArrayDeque<>();
        final Histogram latency = new Histogram(3);
        long sent;
        long errored;
        long delayed;
        long dropped;

        Window(int seconds) {
            this.seconds = seconds;
        }

        void add(Second s, int sign) {
            if (sign > 0) {
                latency.add(s.latency());
            } else {
                latency.subtract(s.latency());
            }
            sent += sign * s.sent();
            errored += sign * s.errored();
            delayed += sign * s.delayed();
            dropped += sign * s.dropped();
        }

        /** The window as figures a threshold reads; {@code acked} is set so that loss is what was reported lost. */
        Measures measures() {
            long lost = errored + dropped;
            return new Measures(latency, latency, latency, sent, Math.max(0, sent - lost), errored, delayed, dropped,
                    sent / (double) Math.max(1, last.size()), 0);
        }

        String span() {
            return String.format(Locale.ROOT, "%.0f s..%.0f s", last.getFirst().t() - 1, last.getLast().t());
        }
    }

    /** What one threshold met: windows judged and failed, the worst one, and the first that failed. */
    private static final class Record {
        int judged;
        int failed;
        double worst = Double.NaN;
        String worstText = "";
        String firstFailure;
    }

    private final Map<Integer, Window> windows = new LinkedHashMap<>();
    private final Map<Threshold, Record> records = new LinkedHashMap<>();

    WindowJudge(List<Threshold> thresholds) {
        for (Threshold th : thresholds) {
            if (th.windowed()) {
                windows.computeIfAbsent(th.windowSeconds(), Window::new);
                records.put(th, new Record());
            }
        }
    }

    boolean any() {
        return !records.isEmpty();
    }

    /** One more second; every window it completes is judged. */
    void add(Second second) {
        for (Window w : windows.values()) {
            w.last.addLast(second);
            w.add(second, 1);
            if (w.last.size() > w.seconds) {
                w.add(w.last.removeFirst(), -1);
            }
            if (w.last.size() == w.seconds) {
                judge(w);
            }
        }
    }

    private void judge(Window w) {
        Measures m = w.measures();
        records.forEach((th, r) -> {
            if (th.windowSeconds() == w.seconds) {
                judge(th, r, w, m);
            }
        });
    }

    private static void judge(Threshold th, Record r, Window w, Measures m) {
        r.judged++;
        double badness = th.badness(m);
        if (Double.isNaN(r.worst) || badness > r.worst) {
            r.worst = badness;
            r.worstText = th.metric() + " = " + th.shown(m) + " in " + w.span();
        }
        if (!th.holds(m)) {
            r.failed++;
            if (r.firstFailure == null) {
                r.firstFailure = th.text() + ": " + th.metric() + " = " + th.shown(m) + " in the window " + w.span();
            }
        }
    }

    /** The first window that failed a threshold, for --abort-on-fail. */
    Optional<String> firstFailure() {
        return records.values().stream().map(r -> r.firstFailure).filter(f -> f != null).findFirst();
    }

    /** The verdicts at the end; a threshold whose window no full span of the run covered is judged on the span. */
    List<LoadRun.Verdict> verdicts() {
        List<LoadRun.Verdict> out = new ArrayList<>();
        records.forEach((th, r) -> {
            Window w = windows.get(th.windowSeconds());
            if (r.judged == 0 && !w.last.isEmpty()) {
                judge(th, r, w, w.measures());
            }
            boolean passed = r.failed == 0;
            out.add(new LoadRun.Verdict(th, passed, r.judged == 0 ? th.text() + ": no second of the run was measured"
                    : String.format(Locale.ROOT, "%s: %d of %d windows of %d s failed; worst %s", th.text(), r.failed,
                    r.judged, th.windowSeconds(), r.worstText)));
        });
        return out;
    }

}
