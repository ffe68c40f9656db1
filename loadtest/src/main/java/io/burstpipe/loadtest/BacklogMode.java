package io.burstpipe.loadtest;

import io.burstpipe.profile.ProfileSettings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The backlog test: the consumer paused, a backlog sent at the profile's rate, the consumer resumed, the drain
 * timed (OpenMessaging Benchmark's backlog build-and-drain).
 */
final class BacklogMode {

    private BacklogMode() {
    }

    /** What the backlog test measured: the backlog at resume, the drain's time and rate, and the curve. */
    static JsonObject evidence(RunMonitor monitor, RunSeries series, LoadStats stats, long storedAfter) {
        long drained = monitor.drainedNanos();
        long resumedAt = monitor.resumedAtNanos();
        double drainSeconds = drained < 0 || resumedAt < 0 ? -1 : (drained - resumedAt) / 1e9;
        long drainedMessages = storedAfter < 0 || monitor.storedAtResume() < 0 ? -1
                : storedAfter - monitor.storedAtResume();
        return new JsonObject().put("messages", stats.sent.sum()).put("atResume", monitor.backlogAtResume())
                .put("storedAfterResume", drainedMessages).put("drainSeconds", drainSeconds)
                .put("drainRatePerSec", drainSeconds > 0 ? drainedMessages / drainSeconds : 0)
                .put("drained", drained >= 0).put("curve", new io.vertx.core.json.JsonArray(series.curve()));
    }

    /** @return 0 drained, 1 not drained within --drain-timeout, 99 a threshold failed */
    static int run(RunContext ctx) throws Exception {
        LoadTestConfig s = ctx.settings();
        LoadTestConfig.Backlog backlog = s.backlog().orElseThrow();
        double rate = s.shape().profile().ratePerSec();
        ProfileSettings steady = ProfileSettings.steady(rate);
        // a backlog is about volume, not latency: let requests fill up to --batch-size
        long fill = rate > 0 ? (long) Math.ceil(s.send().batchSize() / rate * 1000) : 0;
        Duration wait = Duration.ofMillis(Math.max(s.send().linger().toMillis(), Math.min(1000, fill)));
        LoadRun.Options options = new LoadRun.Options("backlog", s.send().producerId(), steady, s.shape().seed(),
                backlog.duration(), backlog.messages() > 0 ? backlog.messages() : Long.MAX_VALUE, s.shape().warmup(),
                s.send().batchSize(), wait, s.send().maxInflight(), s.send().drainTimeout(), s.judge().thresholds(),
                s.judge().abortOnFail(), true);
        ctx.console().say("loadtest: %s to %s; %s", steady.describe(), ctx.target().destination(),
                backlog.duration().isZero() ? "until the profile or --messages ends it, or Ctrl-C"
                        : "for " + Console.human(backlog.duration()));
        LoadRun.Result result = ctx.newRun(options).run();
        JsonObject doc = Report.json(result, ctx.description());
        ctx.report(result, doc);
        if (!result.passed()) {
            return LoadTestCommand.THRESHOLDS_FAILED;
        }
        return result.backlog().getBoolean("drained") ? 0 : 1;
    }
}
