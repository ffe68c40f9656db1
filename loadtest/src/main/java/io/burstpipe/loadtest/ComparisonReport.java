package io.burstpipe.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A comparison as the user reads it: the side-by-side table and the verdict on the console, and
 * {@code comparison.json} and {@code comparison.html} (both latency distributions on one chart, the per-second
 * series overlaid; self-contained, as report.html).
 */
final class ComparisonReport {

    private ComparisonReport() {
    }

    static void print(Console console, Comparison.Result c) {
        console.say("compare: BASE %s: %s", c.base().source(), describe(c.base()));
        console.say("compare: NEW  %s: %s", c.now().source(), describe(c.now()));
        for (Comparison.Difference d : c.differences()) {
            console.say("compare: note: %s differs: %s in BASE, %s in NEW", d.field(), d.base(), d.now());
        }
        if (!c.sameLoad()) {
            console.say("compare: note: the runs are not of the same load; the figures say how they differ, not "
                    + "that a change made NEW worse");
        }
        console.say("compare: %-44s %12s %12s %9s   %s", "", "BASE", "NEW", "change", "verdict");
        for (Comparison.Delivery d : c.delivery()) {
            console.say("compare: %-44s %12s %12s %9s   %s", d.name(), figure(d.base()), figure(d.now()),
                    d.base() == 0 && d.now() == 0 ? "" : change(d.base(), d.now()), d.worse() ? "worse" : "");
        }
        for (Comparison.Quantile q : c.quantiles()) {
            boolean real = q.low() > 0 || q.high() < 0;
            console.say("compare: %-44s %12.2f %12.2f %+8.1f%%   %s [95%% CI %+.1f%% .. %+.1f%%]%s%s",
                    "latency " + q.name() + " ms (from intended send)", q.base(), q.now(), 100 * q.change(),
                    q.verdict().text, 100 * q.low(), 100 * q.high(), q.verdict() == Comparison.Verdict.SAME && real
                            ? ", significant, but within " + Comparison.percent(c.maxRegression()) : "",
                    q.gated() ? " (decides)" : "");
        }
        List<String> reasons = c.reasons();
        if (c.worse()) {
            console.say("compare: NEW is worse than BASE: %s", String.join("; ", reasons));
        } else if (!c.unclear().isEmpty()) {
            console.say("compare: NEW is not shown to be worse than BASE: %s", String.join("; ", c.unclear()));
        } else {
            console.say("compare: NEW is not worse than BASE (%s allowed on %s; %d %sresamples of the runs' seconds)",
                    Comparison.percent(c.maxRegression()), gated(c), c.resamples(), c.paired() ? "paired " : "");
        }
    }

    private static String describe(SegmentResult r) {
        JsonObject d = r.doc();
        return String.format(java.util.Locale.ROOT, "%s, seed %d, started %s, sent %d at %.1f msgs/s against %s",
                d.getString("profile"), d.getLong("seed", 0L), d.getString("startedAt"),
                r.totals().getLong("sent", 0L), r.totals().getDouble("ratePerSec", 0.0), d.getString("target"));
    }

    private static String gated(Comparison.Result c) {
        return String.join(", ", c.quantiles().stream().filter(Comparison.Quantile::gated)
                .map(Comparison.Quantile::name).toList());
    }

    private static String figure(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static String change(double base, double now) {
        return base == 0 ? "new" : String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * (now / base - 1));
    }

    static JsonObject json(Comparison.Result c) {
        JsonArray quantiles = new JsonArray();
        for (Comparison.Quantile q : c.quantiles()) {
            quantiles.add(new JsonObject().put("percentile", q.percentile()).put("name", q.name())
                    .put("baseMs", q.base()).put("newMs", q.now()).put("change", Report.round(q.change(), 6))
                    .put("ciLow", Report.round(q.low(), 6)).put("ciHigh", Report.round(q.high(), 6))
                    .put("verdict", q.verdict().text).put("reason", q.reason()).put("decides", q.gated()));
        }
        JsonArray delivery = new JsonArray();
        for (Comparison.Delivery d : c.delivery()) {
            delivery.add(new JsonObject().put("name", d.name()).put("base", d.base()).put("new", d.now())
                    .put("worse", d.worse()));
        }
        JsonArray differences = new JsonArray();
        for (Comparison.Difference d : c.differences()) {
            differences.add(new JsonObject().put("field", d.field()).put("base", d.base()).put("new", d.now())
                    .put("load", d.load()));
        }
        return new JsonObject().put("tool", "burstpipe loadtest compare")
                .put("base", run(c.base())).put("new", run(c.now()))
                .put("maxRegression", c.maxRegression()).put("resamples", c.resamples())
                .put("method", "each percentile's change from the stored histograms; its 95% confidence interval "
                        + "from a block bootstrap of each run's measured seconds (" + c.resamples() + " resamples"
                        + (c.paired() ? ", paired: the same seconds of the schedule drawn in both runs" : ", "
                        + "unpaired: the runs are of different loads") + ")").put("paired", c.paired())
                .put("differences", differences).put("sameLoad", c.sameLoad())
                .put("delivery", delivery).put("quantiles", quantiles)
                .put("worse", c.worse()).put("reasons", new JsonArray(c.reasons()))
                .put("inconclusive", new JsonArray(c.unclear()))
                .put("verdict", c.worse() ? "NEW is worse than BASE" : !c.unclear().isEmpty()
                        ? "NEW is not shown to be worse than BASE" : "NEW is not worse than BASE");
    }

    /** What the page needs of one run: its description, totals, latency table, distribution and series. */
    private static JsonObject run(SegmentResult r) {
        JsonObject d = r.doc();
        JsonObject out = new JsonObject().put("source", r.source().toString());
        for (String key : List.of("startedAt", "profile", "target", "seed", "version")) {
            out.put(key, d.getValue(key));
        }
        return out.put("totals", r.totals()).put("latencyMs", d.getJsonObject("latencyMs"))
                .put("distribution", Report.distribution(r.histogram("corrected")))
                .put("series", d.getJsonArray("series", new JsonArray()));
    }

    /** Writes comparison.json and comparison.html into {@code dir}; returns the two paths. */
    static Path[] write(Path dir, JsonObject doc) throws IOException {
        return Report.write(dir, "comparison", "comparison", doc);
    }
}
