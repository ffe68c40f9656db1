package io.burstpipe.loadtest;

import io.burstpipe.profile.Durations;
import io.burstpipe.profile.ProfileKind;
import io.burstpipe.profile.StagesProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times a span threshold can be written against, in seconds from the run's start: its faults (numbered by time,
 * as the live output numbers them), its stages' starts and ends, the end of its schedule, and its warm-up. A span
 * {@code [FROM..TO]} takes for each end a time ({@code 12s}), {@code faultN}, {@code stageN} (its start as FROM, its
 * end as TO), either with {@code +TIME} or {@code -TIME} after it, or {@code end}; TO may also be {@code +TIME} from
 * FROM. {@code [stageN]} is the stage's seconds and {@code [faultN]} those from fault N to the next (or the end).
 * A FROM given by a stage or fault that falls inside the warm-up is moved to the warm-up's end; a time written in
 * seconds is kept as written (and refused inside the warm-up). Immutable.
 *
 * @param known false where the run's faults and stages are not known ({@code loadtest merge}): only times are taken
 */
record RunMarks(boolean known, List<Double> faults, List<Double> stageStarts, List<Double> stageEnds, double end,
                double warmup) {

    static final RunMarks NONE = new RunMarks(false, List.of(), List.of(), List.of(), Double.NaN, 0);

    static final String FORM = "FROM..TO with each a time from the run's start (12s), faultN, stageN (its start as "
            + "FROM, its end as TO), either with +TIME or -TIME, or end; TO may be +TIME from FROM; or [stageN], "
            + "[faultN] (to the next fault)";

    private static final Pattern MARK = Pattern.compile("(fault|stage)(\\d{1,4})(?:([+-])(.+))?");

    /** Whether the text in brackets is a span (FROM..TO, or a stage or fault on its own) rather than a window length. */
    static boolean isSpan(String bracket) {
        String b = bracket.trim().toLowerCase(Locale.ROOT);
        return b.contains("..") || b.startsWith("fault") || b.startsWith("stage");
    }

    /** The marks of a run of this shape. */
    static RunMarks of(LoadTestConfig.Shape shape) {
        List<Double> faults = shape.faults().stream().map(f -> f.at().toMillis() / 1000.0).toList();
        List<Double> starts = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        double t = 0;
        if (shape.profile().kind() == ProfileKind.STAGES) {
            for (StagesProfile.Stage s : StagesProfile.parse(shape.profile().stages()).stages()) {
                starts.add(t);
                t += s.nanos() / 1e9;
                ends.add(t);
            }
        }
        double end = !shape.duration().isZero() ? shape.duration().toMillis() / 1000.0 : ends.isEmpty() ? Double.NaN
                : Math.min(t, ends.get(ends.size() - 1));
        return new RunMarks(true, faults, List.copyOf(starts), List.copyOf(ends), end,
                shape.warmup().toMillis() / 1000.0);
    }

    /**
     * The span {@code text} (what is between the brackets) stands for.
     *
     * @throws IllegalArgumentException naming the threshold, what is wrong and the form allowed
     */
    Threshold.Span span(String threshold, String text) {
        String written = text.trim().toLowerCase(Locale.ROOT);
        double from;
        double to;
        boolean fromMark;
        if (!written.contains("..")) {
            Matcher m = MARK.matcher(written);
            if (!m.matches() || m.group(3) != null) {
                throw refuse(threshold, text, "is not " + FORM);
            }
            int n = Integer.parseInt(m.group(2));
            if (m.group(1).equals("stage")) {
                from = stage(threshold, n, stageStarts);
                to = stage(threshold, n, stageEnds);
            } else {
                from = fault(threshold, n);
                to = n < faults.size() ? faults.get(n) : end(threshold, "[fault" + n + "] is the last fault: it "
                        + "runs to the end, which");
            }
            fromMark = true;
        } else {
            String[] ends = written.split("\\.\\.", -1);
            if (ends.length != 2 || ends[0].isBlank() || ends[1].isBlank()) {
                throw refuse(threshold, text, "must be " + FORM + ", e.g. [12s..15s] or [fault2+5s..end]");
            }
            from = point(threshold, text, ends[0].trim(), true);
            fromMark = !isTime(ends[0].trim());
            String right = ends[1].trim();
            to = right.startsWith("+") ? from + time(threshold, text, right.substring(1))
                    : point(threshold, text, right, false);
        }
        if (fromMark && from < warmup) {
            from = warmup;
        }
        if (to - from < 1 - 1e-9) {
            throw refuse(threshold, text, String.format(Locale.ROOT, "is %s..%s: TO must be at least 1 s after "
                    + "FROM%s", seconds(from), seconds(to), fromMark && from == warmup && warmup > 0
                    ? " (the part after the warm-up)" : ""));
        }
        return new Threshold.Span(from, to);
    }

    private double point(String threshold, String text, String end, boolean isFrom) {
        if (end.equals("end")) {
            return end(threshold, "'end'");
        }
        Matcher m = MARK.matcher(end);
        if (!m.matches()) {
            return time(threshold, text, end);
        }
        int n = Integer.parseInt(m.group(2));
        double base = m.group(1).equals("fault") ? fault(threshold, n)
                : stage(threshold, n, isFrom ? stageStarts : stageEnds);
        if (m.group(3) == null) {
            return base;
        }
        double offset = time(threshold, text, m.group(4));
        return m.group(3).equals("+") ? base + offset : base - offset;
    }

    private static boolean isTime(String end) {
        return !end.equals("end") && !MARK.matcher(end).matches();
    }

    private double fault(String threshold, int n) {
        needKnown(threshold, "fault" + n);
        if (n < 1 || n > faults.size()) {
            throw new IllegalArgumentException("--threshold '" + threshold + "': there is no fault " + n + "; the run "
                    + "has " + (faults.isEmpty() ? "no --fault" : faults.size() + " (fault1..fault" + faults.size()
                    + ", numbered by time)"));
        }
        return faults.get(n - 1);
    }

    private double stage(String threshold, int n, List<Double> at) {
        needKnown(threshold, "stage" + n);
        if (n < 1 || n > at.size()) {
            throw new IllegalArgumentException("--threshold '" + threshold + "': there is no stage " + n + "; "
                    + (at.isEmpty() ? "stages come with --profile stages" : "the profile has " + at.size()
                    + " (stage1..stage" + at.size() + ")"));
        }
        return at.get(n - 1);
    }

    private double end(String threshold, String what) {
        needKnown(threshold, "end");
        if (Double.isNaN(end)) {
            throw new IllegalArgumentException("--threshold '" + threshold + "': " + what + " needs a known end: give "
                    + "--duration (or --profile stages)");
        }
        return end;
    }

    private void needKnown(String threshold, String mark) {
        if (!known) {
            throw new IllegalArgumentException("--threshold '" + threshold + "': " + mark + " is a time of the run "
                    + "being started; here spans take times from the run's start, e.g. [12s..15s]");
        }
    }

    private static double time(String threshold, String text, String time) {
        try {
            return Durations.parse(time.trim()).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            throw refuse(threshold, text, "must be " + FORM + ": '" + time + "' is not a time (e.g. 12s, 1500ms)");
        }
    }

    private static IllegalArgumentException refuse(String threshold, String text, String why) {
        return new IllegalArgumentException("--threshold '" + threshold + "': span '" + text + "' " + why);
    }

    private static String seconds(double s) {
        return Console.human(java.time.Duration.ofMillis(Math.round(s * 1000)));
    }
}
