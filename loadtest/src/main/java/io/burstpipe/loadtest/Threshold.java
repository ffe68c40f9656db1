package io.burstpipe.loadtest;

import io.burstpipe.profile.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A pass/fail condition on a run's figures, written as k6 writes them: {@code p99<250ms},
 * {@code loss==0}, {@code rate>=0.99*target}, {@code error_rate<1%}; or on every window of a given length, a second
 * apart, with the length in brackets: {@code p99[10s]<250ms}, {@code loss[30s]==0}; or once on a span of the run,
 * from and to offsets from its start, {@code p99[12s..15s]<60ms}, or from its faults and stages,
 * {@code p99[fault2+5s..end]<50ms}, {@code p99[stage2]<100ms} (see {@link RunMarks} and {@link WindowJudge}).
 *
 * <p>Metrics: latency from the intended send time {@code p50 p90 p95 p99 p99.9 ... max avg}
 * (prefix {@code service-} for the uncorrected time from the actual send, {@code send-delay-} for the
 * send delay; values in {@code us}, {@code ms} (the default) or {@code s}); {@code loss} (messages
 * sent and not acknowledged), {@code loss_rate}; {@code errors}, {@code error_rate}; {@code delayed};
 * {@code dropped}; {@code rate} (msgs/s sent, compared with a number, {@code target} or
 * {@code K*target}). Operators {@code < <= > >= == !=}.
 */
public record Threshold(String text, String metric, String op, double value, boolean timesTarget,
                        int windowSeconds, Optional<Span> span) {

    /** A span of the run, seconds from its start: the seconds of the run inside it are judged as one. */
    public record Span(double from, double to) {

        /** Contains the second of the run that ends at {@code t} (the interval t-1..t). */
        boolean covers(double t) {
            return t - 1 >= from - 1e-6 && t <= to + 1e-6;
        }

        String text() {
            return String.format(Locale.ROOT, "%s..%s", Console.human(Duration.ofMillis(Math.round(from * 1000))),
                    Console.human(Duration.ofMillis(Math.round(to * 1000))));
        }
    }

    public Threshold(String text, String metric, String op, double value, boolean timesTarget, int windowSeconds) {
        this(text, metric, op, value, timesTarget, windowSeconds, Optional.empty());
    }

    /** The longest window, in seconds. */
    static final int MAX_WINDOW_SECONDS = 3600;

    public static final String METRICS = "p50, p90, p95, p99, p99.9 (any pNN), max, avg, with service- or "
            + "send-delay- in front for the uncorrected service time or the send delay; loss, loss_rate, errors, "
            + "error_rate, delayed, dropped, rate";
    private static final Pattern FORM = Pattern.compile(
            "\\s*([a-z][a-z0-9_.-]*)(?:\\[([^\\]]*)\\])?\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})(s|m)");
    private static final Pattern LATENCY = Pattern.compile("(service-|send-delay-)?(p\\d{1,3}(\\.\\d+)?|max|avg)");
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s)?");
    private static final Pattern TIMES_TARGET = Pattern.compile("(?:(\\d+(?:\\.\\d+)?)\\*)?target");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?%?");

    /** Parses one threshold whose span, if any, is in times from the run's start; see {@link #parse(String, RunMarks)}. */
    public static Threshold parse(String text) {
        return parse(text, RunMarks.NONE);
    }

    /** Parses one threshold, its span's faults and stages taken from {@code marks}; the error says what is allowed. */
    static Threshold parse(String text, RunMarks marks) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--threshold '" + text + "' is not METRIC OP VALUE, "
                    + "METRIC[WINDOW] OP VALUE or METRIC[FROM..TO] OP VALUE (e.g. p99<250ms, loss==0, "
                    + "rate>=0.99*target, p99[10s]<250ms, p99[12s..15s]<60ms, p99[fault2+5s..end]<50ms, "
                    + "p99[stage2]<100ms); operators < <= > >= == !=");
        }
        Threshold t = whole(text, m.group(1), m.group(3), m.group(4));
        String bracket = m.group(2);
        return bracket == null ? t : RunMarks.isSpan(bracket) ? spanned(t, m.group(1), marks.span(t.text, bracket))
                : windowed(t, m.group(1), bracket);
    }

    /** The same threshold judged once on the seconds of a span of the run. */
    private static Threshold spanned(Threshold t, String metric, Span span) {
        if (span.to() > MAX_WINDOW_SECONDS * 24) {
            throw new IllegalArgumentException("--threshold '" + t.text + "': the span must end within "
                    + MAX_WINDOW_SECONDS * 24 / 3600 + " h of the start");
        }
        requireLatencyOrCounts(t, metric, "spans");
        return new Threshold(t.text, t.metric, t.op, t.value, t.timesTarget, 0, Optional.of(span));
    }

    private static void requireLatencyOrCounts(Threshold t, String metric, String what) {
        if (metric.equals("rate") || metric.startsWith("service-") || metric.startsWith("send-delay-")) {
            throw new IllegalArgumentException("--threshold '" + t.text + "': " + metric + " is judged over the whole "
                    + "run only; " + what + " take the latency from the intended send time (p50, p99, max, avg, ...), "
                    + "loss, loss_rate, errors, error_rate, delayed, dropped");
        }
    }

    /** The same threshold judged on every window of {@code window} (e.g. 10s, 1m). */
    private static Threshold windowed(Threshold t, String metric, String window) {
        Matcher w = WINDOW.matcher(window);
        int seconds = w.matches() ? Integer.parseInt(w.group(1)) * (w.group(2).equals("m") ? 60 : 1) : -1;
        if (seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
            throw new IllegalArgumentException("--threshold '" + t.text + "': window '" + window + "' must be whole "
                    + "seconds or minutes, 1s..60m, e.g. [10s] or [1m]");
        }
        requireLatencyOrCounts(t, metric, "windows");
        return new Threshold(t.text, t.metric, t.op, t.value, t.timesTarget, seconds);
    }

    private static Threshold whole(String text, String metric, String op, String raw) {
        Matcher latency = LATENCY.matcher(metric);
        if (latency.matches()) {
            return latency(text, metric, latency.group(2), op, raw);
        }
        switch (metric) {
            case "rate" -> {
                Matcher target = TIMES_TARGET.matcher(raw);
                if (target.matches()) {
                    return new Threshold(text.trim(), metric, op,
                            target.group(1) == null ? 1.0 : Double.parseDouble(target.group(1)), true, 0);
                }
                return new Threshold(text.trim(), metric, op, number(text, raw), false, 0);
            }
            case "loss", "loss_rate", "errors", "error_rate", "delayed", "dropped" -> {
                double v = number(text, raw);
                if (metric.endsWith("_rate") && v > 1.0) {
                    throw new IllegalArgumentException("--threshold '" + text + "': a rate is a fraction 0..1 or a "
                            + "percentage, e.g. 0.01 or 1%");
                }
                return new Threshold(text.trim(), metric, op, v, false, 0);
            }
            default -> throw new IllegalArgumentException("--threshold '" + text + "': unknown metric '" + metric
                    + "'; allowed: " + METRICS);
        }
    }

    /** A latency threshold: a percentile strictly between 0 and 100 (or max, avg) against a time. */
    private static Threshold latency(String text, String metric, String statistic, String op, String raw) {
        if (statistic.startsWith("p")) {
            double p = Double.parseDouble(statistic.substring(1));
            if (p <= 0 || p >= 100) {
                throw new IllegalArgumentException("--threshold '" + text + "': percentile must be above 0 and "
                        + "below 100");
            }
        }
        Matcher time = TIME.matcher(raw);
        if (!time.matches()) {
            throw new IllegalArgumentException("--threshold '" + text + "': '" + raw + "' is not a time; use a "
                    + "number with us, ms (default) or s, e.g. 250ms");
        }
        double ms = Double.parseDouble(time.group(1)) * switch (time.group(2) == null ? "ms" : time.group(2)) {
            case "us" -> 0.001;
            case "s" -> 1000.0;
            default -> 1.0;
        };
        return new Threshold(text.trim(), metric, op, ms, false, 0);
    }

    private static double number(String text, String raw) {
        if (!NUMBER.matcher(raw).matches()) {
            throw new IllegalArgumentException("--threshold '" + text + "': '" + raw + "' is not a number");
        }
        return raw.endsWith("%") ? Double.parseDouble(raw.substring(0, raw.length() - 1)) / 100.0
                : Double.parseDouble(raw);
    }

    /** False for {@code rate}: a rate is only judged over the whole run, never mid-way. */
    public boolean judgedEarly() {
        return !metric.equals("rate");
    }

    /** Judged on every window of {@link #windowSeconds}, or on its {@link #span}, rather than on the whole run. */
    public boolean windowed() {
        return windowSeconds > 0 || span.isPresent();
    }

    /** How far {@code m} is from passing: the larger, the worse (for picking the worst window). */
    double badness(Measures m) {
        double a = actual(m);
        return switch (op) {
            case "<", "<=" -> a;
            case ">", ">=" -> -a;
            case "==" -> Math.abs(a - limit(m));
            default -> -Math.abs(a - limit(m));
        };
    }

    /** What the metric is on {@code m}, in the unit the threshold is written in (ms for latency). */
    public double actual(Measures m) {
        Matcher latency = LATENCY.matcher(metric);
        if (latency.matches()) {
            String prefix = latency.group(1);
            Histogram h = prefix == null ? m.latency() : prefix.equals("service-") ? m.service() : m.sendDelay();
            String stat = latency.group(2);
            if (h.getTotalCount() == 0) {
                return 0.0;
            }
            double micros = switch (stat) {
                case "max" -> h.getMaxValue();
                case "avg" -> h.getMean();
                default -> h.getValueAtPercentile(Double.parseDouble(stat.substring(1)));
            };
            return micros / 1000.0;
        }
        return switch (metric) {
            case "rate" -> m.achievedRate();
            case "loss" -> m.lost();
            case "loss_rate" -> m.sent() == 0 ? 0.0 : (double) m.lost() / m.sent();
            case "errors" -> m.errored();
            case "error_rate" -> m.sent() == 0 ? 0.0 : (double) m.errored() / m.sent();
            case "delayed" -> m.delayed();
            case "dropped" -> m.dropped();
            default -> throw new IllegalStateException(metric);
        };
    }

    /** The value compared against, resolving {@code K*target}. */
    public double limit(Measures m) {
        return timesTarget ? value * m.targetRate() : value;
    }

    public boolean holds(Measures m) {
        double a = actual(m);
        double b = limit(m);
        return switch (op) {
            case "<" -> a < b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            case ">=" -> a >= b;
            case "==" -> a == b;
            default -> a != b;
        };
    }

    /** {@code p99<250ms: 12.3 ms} — the threshold with the value found. */
    public String explain(Measures m) {
        return text + ": " + metric + " = " + shown(m);
    }

    /** The value found on {@code m}, with its unit. */
    String shown(Measures m) {
        double a = actual(m);
        String shown;
        if (LATENCY.matcher(metric).matches()) {
            shown = String.format(Locale.ROOT, "%.2f ms", a);
        } else if (metric.endsWith("_rate")) {
            shown = String.format(Locale.ROOT, "%.4f%%", a * 100);
        } else if (metric.equals("rate")) {
            shown = String.format(Locale.ROOT, "%.1f msgs/s (limit %.1f)", a, limit(m));
        } else {
            shown = String.format(Locale.ROOT, "%.0f", a);
        }
        return shown;
    }
}
