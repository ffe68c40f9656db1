package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.burstpipe.loadtest.LoadTestConfig.Search;
import io.burstpipe.loadtest.LoadTestConfig.Send;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --find-max}: an unjudged warm-up, then steady steps from --rate, doubling until one fails, then bisecting
 * between the best pass and the lowest failure ({@link FindMax}); every step's evidence and the bottleneck readout
 * at the best rate are printed and kept in the report.
 */
final class FindMaxMode {

    private FindMaxMode() {
    }

    /** @return 0 a rate was found, 1 no step passed (or none ran) */
    static int run(RunContext ctx) throws Exception {
        LoadTestConfig s = ctx.settings();
        Search search = s.findMax().orElseThrow();
        Send send = s.send();
        Console c = ctx.console();
        FindMax finder = new FindMax(search.percentile(), search.latencyBound().toNanos() / 1e6, search.precision(),
                search.maxSteps());
        Duration stepWarmup = Duration.ofMillis(Math.min(2_000, search.stepDuration().toMillis() / 5));
        double startRate = s.shape().profile().ratePerSec();
        c.say("find-max: steps of %s from %.0f msgs/s; a step passes with %s", Console.human(search.stepDuration()),
                startRate, finder.criteria());
        // a fresh JVM, fresh connections and a cold target make the first seconds slow: warm up, unjudged
        Duration warm = Duration.ofMillis(Math.min(5_000, search.stepDuration().toMillis()));
        ctx.newRun(LoadRun.Options.steady(String.format(Locale.ROOT, "warm-up at %.0f/s", startRate),
                send.producerId() + "-warmup", startRate, s.shape().seed(), warm, Duration.ZERO, send.batchSize(),
                send.linger(), send.maxInflight(), send.drainTimeout())).run();
        List<JsonObject> series = new ArrayList<>();
        double[] offset = {0};
        FindMax.Outcome outcome = finder.search(startRate, rate -> {
            try {
                LoadRun.Result r = ctx.newRun(LoadRun.Options.steady(String.format(Locale.ROOT, "step at %.0f/s",
                        rate), send.producerId() + "-" + Math.round(rate), rate, s.shape().seed(),
                        search.stepDuration(), stepWarmup, send.batchSize(), send.linger(), send.maxInflight(),
                        send.drainTimeout())).run();
                c.say("find-max: %.0f msgs/s: %s", rate, finder.judge(0, rate, r).reason());
                for (JsonObject p : r.series()) {
                    series.add(p.copy().put("t", round(p.getDouble("t") + offset[0], 3)).put("step", Math.round(rate)));
                }
                offset[0] += r.series().isEmpty() ? 0 : r.series().get(r.series().size() - 1).getDouble("t");
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, ctx.stop()::isSet);
        return report(ctx, outcome, series);
    }

    private static int report(RunContext ctx, FindMax.Outcome outcome, List<JsonObject> series) throws Exception {
        Console c = ctx.console();
        FindMax.Step best = outcome.best();
        if (best == null) {
            c.say("find-max: no step ran");
            return 1;
        }
        JsonObject doc = Report.json(best.result(), ctx.description()).put("series", new JsonArray(series))
                .put("findMax", FindMax.json(outcome)).put("passed", outcome.maxRate() > 0);
        c.say("find-max: steps");
        for (FindMax.Step step : outcome.steps()) {
            Measures m = step.result().measures();
            c.say("  %2d  %8.0f msgs/s  sent %8.0f/s  p50 %8.2f ms  p99 %8.2f ms  lost %d  %s", step.step(),
                    step.rate(), m.achievedRate(), ConsoleSummary.ms(m.latency(), 50),
                    ConsoleSummary.ms(m.latency(), 99), m.lost(), step.reason());
        }
        if (outcome.maxRate() > 0) {
            boolean neverFailed = outcome.steps().stream().allMatch(FindMax.Step::passed);
            c.say("find-max: highest sustained rate %s%.0f msgs/s (%s)%s", neverFailed ? "at least " : "",
                    outcome.maxRate(), outcome.criteria(), neverFailed ? "; no step failed: raise --max-steps or "
                            + "start higher with --rate" : "");
            JsonObject b = doc.getJsonObject("bottleneck");
            c.say("bottleneck at %.0f msgs/s: %s: %s", best.rate(), b.getString("stage"), b.getString("reason"));
        } else {
            c.say("find-max: no rate passed, down to %.0f msgs/s", outcome.steps().get(outcome.steps().size() - 1)
                    .rate());
        }
        Path[] files = Report.write(ctx.settings().judge().out(), doc);
        c.say("results: %s and %s", files[0], files[1]);
        return outcome.maxRate() > 0 ? 0 : 1;
    }
}
