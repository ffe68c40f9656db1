package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleFunction;

/**
 * Searches for the highest steady rate the target sustains: each step is a fresh run at one rate;
 * a step passes when the corrected latency percentile stays under the bound, nothing is lost, and
 * the generator kept its schedule. The rate doubles until a step fails, then the search bisects
 * between the best pass and the lowest failure until they are within {@code precision}.
 */
public final class FindMax {

    /** One step of the search. */
    public record Step(int step, double rate, LoadRun.Result result, boolean passed, String reason) {
    }

    /** The search's answer: {@code maxRate} is 0 when no step passed. */
    public record Outcome(double maxRate, List<Step> steps, String criteria) {
        public Step best() {
            return steps.stream().filter(Step::passed).max((a, b) -> Double.compare(a.rate(), b.rate()))
                    .orElse(steps.isEmpty() ? null : steps.get(steps.size() - 1));
        }
    }

    private final double percentile;
    private final double boundMs;
    private final double precision;
    private final int maxSteps;

    public FindMax(double percentile, double boundMs, double precision, int maxSteps) {
        this.percentile = percentile;
        this.boundMs = boundMs;
        this.precision = precision;
        this.maxSteps = maxSteps;
    }

    public String criteria() {
        return String.format(Locale.ROOT, "p%s of latency from the intended send time < %s ms, nothing lost, and the "
                + "generator on schedule (sent >= 99%% of target)", Report.key(percentile).substring(1),
                trim(boundMs));
    }

    /** Judges one step's result. */
    public Step judge(int step, double rate, LoadRun.Result r) {
        Measures m = r.measures();
        double p = m.latency().getTotalCount() == 0 ? 0 : m.latency().getValueAtPercentile(percentile) / 1000.0;
        String reason = null;
        if (r.aborted() != null) {
            reason = r.aborted();
        } else if (m.lost() > 0 || r.unanswered() > 0) {
            reason = m.lost() + " lost";
        } else if (p >= boundMs) {
            reason = String.format(Locale.ROOT, "p%s %.1f ms >= %s ms", Report.key(percentile).substring(1), p,
                    trim(boundMs));
        } else if (m.achievedRate() < 0.99 * m.targetRate()) {
            reason = String.format(Locale.ROOT, "sent only %.0f of %.0f msgs/s", m.achievedRate(), m.targetRate());
        }
        return new Step(step, rate, r, reason == null, reason == null ? "sustained" : reason);
    }

    /** Runs steps from {@code startRate} until the answer is within precision, the steps run out, or stopped. */
    public Outcome search(double startRate, DoubleFunction<LoadRun.Result> runStep, BooleanSupplier stopped) {
        List<Step> steps = new ArrayList<>();
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double rate = startRate;
        while (steps.size() < maxSteps && !stopped.getAsBoolean() && rate >= 1) {
            LoadRun.Result r = runStep.apply(rate);
            if (r == null) {
                break;
            }
            Step s = judge(steps.size() + 1, rate, r);
            steps.add(s);
            if (s.passed()) {
                lo = Math.max(lo, rate);
            } else {
                hi = Math.min(hi, rate);
            }
            if (hi == Double.POSITIVE_INFINITY) {
                rate = rate * 2;
            } else if (lo == 0) {
                rate = rate / 2;
            } else if ((hi - lo) / lo <= precision) {
                break;
            } else {
                rate = Math.rint((lo + hi) / 2);
            }
        }
        return new Outcome(lo, steps, criteria());
    }

    public static JsonObject json(Outcome o) {
        JsonArray steps = new JsonArray();
        for (Step s : o.steps()) {
            Measures m = s.result().measures();
            JsonObject lat = Report.latency(m.latency());
            steps.add(new JsonObject().put("step", s.step()).put("targetRate", s.rate())
                    .put("ratePerSec", round(m.achievedRate(), 1))
                    .put("p50", lat.getDouble("p50")).put("p99", lat.getDouble("p99")).put("max", lat.getDouble("max"))
                    .put("lost", m.lost()).put("passed", s.passed()).put("reason", s.reason()));
        }
        return new JsonObject().put("maxRate", o.maxRate()).put("criteria", o.criteria()).put("steps", steps);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
