package io.burstpipe.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A sweep as the user reads it: the trade-off table with the Pareto front and the recommendation on the console, and
 * {@code sweep.json} and {@code sweep.html} (the table, the trade-off drawn as p99 against messages not delivered,
 * and each setting's per-second p99; self-contained, as report.html).
 */
final class SweepReport {

    private SweepReport() {
    }

    static void print(Console c, Sweep sweep, Sweep.Recommendation pick) {
        boolean kafka = sweep.settings().stream().anyMatch(s -> s.pauses() >= 0);
        c.say("sweep: %-14s %10s %10s %12s %9s %9s %12s %11s %9s %9s%s  %s", sweep.knob(), "p99 ms", "max ms",
                "delivered/s", "dropped", "refused", "undelivered", "not stored", "held", "drain ms",
                kafka ? String.format("%9s", "pauses") : "", "front");
        for (Sweep.Setting s : sweep.settings()) {
            c.say("sweep: %-14s %10.2f %10.2f %12.1f %9d %9d %11.2f%% %11d %9d %9d%s  %s%s", s.value(), s.p99Ms(),
                    s.maxMs(), s.goodputPerSec(), s.dropped(), s.refused(), 100 * s.undeliveredShare(), s.notStored(),
                    s.held(), s.drainMillis(), kafka ? String.format("%9d", s.pauses()) : "",
                    sweep.onFront(s) ? "*" : "", s.passed() ? "" : "  (thresholds FAILED)");
        }
        c.say("sweep: * = on the Pareto front of %s (no other setting is as good on both and better on one)",
                sweep.frontText());
        c.say("sweep: recommendation %s", pick.line());
    }

    /** One setting's row, with where its own result is and its measured seconds' p99 for the chart. */
    static JsonObject step(Sweep.Setting s, Path dir, LoadRun.Result r) {
        JsonArray p99 = new JsonArray();
        for (JsonObject point : r.series()) {
            if ("measure".equals(point.getString("phase"))) {
                p99.add(point.getValue("p99"));
            }
        }
        return new JsonObject().put("value", s.value()).put("p99Ms", s.p99Ms()).put("maxMs", s.maxMs())
                .put("deliveredPerSec", Report.round(s.goodputPerSec(), 2)).put("sent", s.sent())
                .put("dropped", s.dropped()).put("refused", s.refused()).put("undelivered", s.undelivered())
                .put("undeliveredShare", Report.round(s.undeliveredShare(), 6))
                .put("undeliveredPercent", Report.round(100 * s.undeliveredShare(), 4)).put("notStored", s.notStored())
                .put("heldBack", s.held()).put("sendDelayP99Ms", s.sendDelayP99Ms()).put("drainMillis", s.drainMillis())
                .put("kafkaPauses", s.pauses() < 0 ? null : s.pauses())
                .put("passed", s.passed()).put("result", dir.resolve("result.json").toString())
                .put("p99PerSecond", p99);
    }

    static JsonObject json(Sweep sweep, Sweep.Goal goal, Sweep.Recommendation pick, JsonArray steps, JsonObject run) {
        JsonArray rows = new JsonArray();
        for (int i = 0; i < steps.size(); i++) {
            Sweep.Setting s = sweep.settings().get(i);
            rows.add(steps.getJsonObject(i).copy().put("onFront", sweep.onFront(s))
                    .put("recommended", pick.pick().map(p -> p == s).orElse(false)));
        }
        return run.copy().put("tool", "burstpipe loadtest --sweep").put("knob", sweep.knob())
                .put("goal", goal.cliName).put("goalText", goal.text).put("settings", rows)
                .put("front", sweep.kafka() ? new JsonObject().put("x", "drainMillis").put("xLabel", "drain ms")
                        .put("y", "kafkaPauses").put("yLabel", "Kafka pauses")
                        : new JsonObject().put("x", "p99Ms").put("xLabel", "p99 ms").put("y", "undeliveredPercent")
                        .put("yLabel", "not delivered %"))
                .put("recommendation", pick.line()).put("recommended", pick.pick().map(Sweep.Setting::value)
                        .orElse(null));
    }

    /** Writes sweep.json and sweep.html into {@code dir}; returns the two paths. */
    static Path[] write(Path dir, JsonObject doc) throws IOException {
        return Report.write(dir, "sweep", "sweep", doc);
    }
}
