package io.burstpipe.loadtest;

import io.burstpipe.loadtest.LoadTestConfig.Shape;
import io.vertx.core.json.JsonObject;

/** A load test at the intended times of the rate profile, judged by its thresholds. */
final class PlainMode {

    private PlainMode() {
    }

    /** @return 0 passed, {@link LoadTestCommand#THRESHOLDS_FAILED} if a threshold failed or aborted the run */
    static int run(RunContext ctx) throws Exception {
        LoadTestConfig s = ctx.settings();
        Shape shape = s.shape();
        LoadRun.Options options = new LoadRun.Options("loadtest", s.send().producerId(), shape.profile(), shape.seed(),
                shape.duration(), shape.messages() == 0 ? Long.MAX_VALUE : shape.messages(), shape.warmup(),
                s.send().batchSize(), s.send().linger(), s.send().maxInflight(), s.send().drainTimeout(),
                s.judge().thresholds(), s.judge().abortOnFail(), false);
        ctx.console().say("loadtest: %s to %s; %s", shape.profile().describe(), ctx.target().destination(),
                shape.duration().isZero() ? "until the profile or --messages ends it, or Ctrl-C"
                        : "for " + Console.human(shape.duration()));
        LoadRun.Result result = ctx.newRun(options).run();
        JsonObject doc = Report.json(result, ctx.description());
        ctx.report(result, doc);
        return result.passed() ? 0 : LoadTestCommand.THRESHOLDS_FAILED;
    }
}
