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
 * second apart, and the spanned ones ({@code p99[12s..15s]<60ms}) once on the seconds of their span (as soon as the
 * span is over, or at the end on what the run reached of it), from the run's seconds after the warm-up: the latency
 * from the intended send time of the answers
 * in each second, and its counters. Within a window, {@code loss} is what was reported lost in it (failed requests
 * and messages the target dropped); messages never answered count in the whole-run loss at the end. A run shorter
 * than a window is judged as one window. Not thread-safe: the monitor thread feeds it.
 */
final class WindowJudge {

    /** One second of the run. */
    record Second(double t, Histogram latency, long sent, long errored, long delayed, long dropped) {
    }

    /**
     * A second kept while it is inside a window, its histogram compressed (80 bytes for a second of 1000 answers,
     * against the histogram's own 189 KB), so an hour-long window keeps its seconds in a few MB, not 680 MB.
     */
    private record Kept(double t, byte[] latency, long sent, long errored, long delayed, long dropped) {

        static Kept of(Second s) {
            return new Kept(s.t(), StoredHistograms.compress(s.latency()), s.sent(), s.errored(), s.delayed(),
                    s.dropped());
        }

        Histogram histogram() {
            return StoredHistograms.decompress(latency);
        }
    }

    /** The sliding sums for one window length. */
    private static final class Window {
        final int seconds;
        final ArrayDeque<Kept> last = new ArrayDeque<>();
        final Histogram latency = new Histogram(3);
        long sent;
        long errored;
        long delayed;
        long dropped;

        Window(int seconds) {
            this.seconds = seconds;
        }

        void add(Second s, Kept kept) {
            last.addLast(kept);
            latency.add(s.latency());
            count(kept, 1);
            if (last.size() > seconds) {
                Kept gone = last.removeFirst();
                latency.subtract(gone.histogram());
                count(gone, -1);
            }
        }

        private void count(Kept k, int sign) {
            sent += sign * k.sent();
            errored += sign * k.errored();
            delayed += sign * k.delayed();
            dropped += sign * k.dropped();
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
    /** A spanned threshold's seconds so far (a window that never lets one go). */
    private final Map<Threshold, Window> spans = new LinkedHashMap<>();

    WindowJudge(List<Threshold> thresholds) {
        for (Threshold th : thresholds) {
            if (th.span().isPresent()) {
                spans.put(th, new Window(Integer.MAX_VALUE));
                records.put(th, new Record());
            } else if (th.windowed()) {
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
        Kept kept = Kept.of(second);
        for (Window w : windows.values()) {
            w.add(second, kept);
            if (w.last.size() == w.seconds) {
                judge(w);
            }
        }
        spans.forEach((th, w) -> {
            Threshold.Span span = th.span().orElseThrow();
            Record r = records.get(th);
            if (span.covers(second.t())) {
                w.add(second, kept);
            }
            if (r.judged == 0 && second.t() >= span.to() - 1e-6 && !w.last.isEmpty()) {
                judge(th, r, w, w.measures());
            }
        });
    }

    private void judge(Window w) {
        Measures m = w.measures();
        records.forEach((th, r) -> {
            if (th.span().isEmpty() && th.windowSeconds() == w.seconds) {
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
            if (th.span().isPresent()) {
                out.add(spanVerdict(th, r, spans.get(th)));
                return;
            }
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

    /** A span is judged once; a span the run never reached fails, since nothing in it was seen to hold. */
    private static LoadRun.Verdict spanVerdict(Threshold th, Record r, Window w) {
        Threshold.Span span = th.span().orElseThrow();
        if (r.judged == 0 && !w.last.isEmpty()) {
            judge(th, r, w, w.measures());
        }
        if (r.judged == 0) {
            return new LoadRun.Verdict(th, false, th.text() + ": no measured second of the run fell in "
                    + span.text());
        }
        boolean whole = w.last.getLast().t() >= span.to() - 1e-6 && w.last.getFirst().t() - 1 <= span.from() + 1e-6;
        return new LoadRun.Verdict(th, r.failed == 0, String.format(Locale.ROOT, "%s: %s = %s in %s%s", th.text(),
                th.metric(), th.shown(w.measures()), w.span(), whole ? "" : " (the part of " + span.text()
                        + " the run measured)"));
    }
}
