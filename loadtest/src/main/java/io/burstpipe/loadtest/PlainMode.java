package io.burstpipe.loadtest;

import io.burstpipe.loadtest.LoadTestConfig.Shape;
import io.vertx.core.json.JsonObject;

/** A load test at the intended times of the rate profile, judged by its thresholds. */
final class PlainMode {

    private PlainMode() {
    }

    /** {@code 2/3 (seq 1, 4, 7, ...)}. */
    static String segmentSeqs(io.burstpipe.profile.Segment segment) {
        int first = segment.index() - 1;
        return segment + " (seq " + first + ", " + (first + segment.count()) + ", " + (first + 2 * segment.count())
                + ", ...)";
    }

    /** @return 0 passed, {@link LoadTestCommand#THRESHOLDS_FAILED} if a threshold failed or aborted the run */
    static int run(RunContext ctx) throws Exception {
        LoadTestConfig s = ctx.settings();
        Shape shape = s.shape();
        LoadRun.Options options = new LoadRun.Options("loadtest", s.send().producerId(), shape.profile(), shape.seed(),
                shape.duration(), shape.messages() == 0 ? Long.MAX_VALUE : shape.messages(), shape.warmup(),
                s.send().batchSize(), s.send().linger(), s.send().maxInflight(), s.send().drainTimeout(),
                s.judge().thresholds(), s.judge().abortOnFail(), false, shape.segment(), shape.startAt(),
                shape.faults());
        ctx.console().say("loadtest: %s%s to %s; %s", shape.profile().describe(), shape.segment().whole() ? ""
                        : ", segment " + segmentSeqs(shape.segment()), ctx.target().destination(),
                shape.duration().isZero() ? "until the profile or --messages ends it, or Ctrl-C"
                        : "for " + Console.human(shape.duration()));
        for (FaultTimeline.Fault f : shape.faults()) {
            ctx.console().say("loadtest: fault at %s: %s", Console.human(f.at()), f.text());
        }
        LoadRun.Result result = ctx.newRun(options).run();
        JsonObject doc = Report.json(result, ctx.description());
        ctx.report(result, doc);
        return result.passed() ? 0 : LoadTestCommand.THRESHOLDS_FAILED;
    }
}
