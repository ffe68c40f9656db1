package io.burstpipe.loadtest;

import io.burstpipe.api.ConsumerStats;
import io.burstpipe.api.ControlAction;
import io.burstpipe.loadtest.LoadTestConfig.Send;
import io.burstpipe.loadtest.LoadTestConfig.Shape;
import io.burstpipe.loadtest.LoadTestConfig.SweepPlan;
import io.burstpipe.profile.Segment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --sweep overflow=block,reject,...}: an unjudged warm-up, then the same seeded load once per setting, each
 * switched on the consumer through {@code POST /control/policy} first and each with producer ids of its own (the
 * consumer keeps the ids it stored). {@code --sweep queue-capacity=...} starts the consumer the load test started
 * again with each capacity, and warms each one up before its run. Each run's files go in a folder of their own under
 * --out; the sweep's table, its
 * Pareto front and the recommendation for the goal go in sweep.json and sweep.html. The consumer's policy is put back
 * at the end, also when a run fails or the sweep is stopped.
 */
final class SweepMode {

    private SweepMode() {
    }

    /** @return 0 a setting meets the goal, 99 none does, 1 the consumer could not be switched */
    static int run(RunContext ctx) throws Exception {
        LoadTestConfig s = ctx.settings();
        SweepPlan plan = s.sweep().orElseThrow();
        ConsumerProbe probe = ctx.target().probe;
        Console c = ctx.console();
        Optional<String> before = plan.restarts() ? Optional.empty() : probe.stats().map(ConsumerStats::policy);
        c.say("sweep: %s=%s, %s each against %s; goal: %s", plan.knob(), String.join(",", plan.values()),
                s.shape().profile().describe(), ctx.target().destination(), plan.goal().text);
        List<Sweep.Setting> settings = new ArrayList<>();
        JsonArray steps = new JsonArray();
        try {
            // each setting before its run, the first before the warm-up: a wrong token or an unreachable consumer is
            // found at once, and the warm-up warms what the first run measures (and each run a restart leaves cold)
            for (String value : plan.values()) {
                if (ctx.stop().isSet()) {
                    break;
                }
                apply(ctx, plan, value);
                if (plan.restarts() || settings.isEmpty()) {
                    warmUp(ctx);
                }
                Sweep.Setting setting = step(ctx, plan, value, steps);
                settings.add(setting);
            }
        } catch (IllegalStateException e) {
            c.say("sweep: %s", e.getMessage());
            return 1;
        } finally {
            if (!plan.restarts()) {
                restore(probe, before, c);
            }
        }
        if (settings.isEmpty()) {
            c.say("sweep: no setting ran");
            return 1;
        }
        Sweep sweep = new Sweep(plan.knob(), settings);
        Sweep.Recommendation pick = sweep.recommend(plan.goal());
        SweepReport.print(c, sweep, pick);
        Path[] files = SweepReport.write(s.judge().out(), SweepReport.json(sweep, plan.goal(), pick, steps,
                ctx.description()));
        c.say("sweep: wrote %s and %s", files[0], files[1]);
        return pick.pick().isPresent() ? 0 : LoadTestCommand.THRESHOLDS_FAILED;
    }

    /** One setting, already switched on: the load run, its files written, its row kept and said. */
    private static Sweep.Setting step(RunContext ctx, SweepPlan plan, String value, JsonArray steps)
            throws Exception {
        LoadTestConfig s = ctx.settings();
        Console c = ctx.console();
        LoadRun.Result r = ctx.newRun(options(s, plan.knob() + "=" + value, "-" + value.replace('/', '-'))).run();
        Sweep.Setting setting = setting(value, r);
        Path dir = s.judge().out().resolve(plan.knob() + "-" + value.replace('/', '-'));
        JsonObject doc = Report.json(r, ctx.description().put("sweep", new JsonObject()
                .put("knob", plan.knob()).put("value", value)));
        RunContext.writeFiles(c, dir, doc, r.latencyLog());
        steps.add(SweepReport.step(setting, dir, r));
        c.say("sweep: %s=%s: p99 %.2f ms, max %.2f ms, %.1f msgs/s delivered, %d dropped, %d refused, %d held back%s",
                plan.knob(), value, setting.p99Ms(), setting.maxMs(), setting.goodputPerSec(), setting.dropped(),
                setting.refused(), setting.held(), setting.pauses() < 0 ? "" : String.format(java.util.Locale.ROOT,
                        ", drained in %d ms, %d pauses", setting.drainMillis(), setting.pauses()));
        return setting;
    }

    /** Sets the knob: through the control endpoint, or by starting the consumer again with the flag. */
    private static void apply(RunContext ctx, SweepPlan plan, String value) throws Exception {
        if (!plan.restarts()) {
            ctx.target().probe.control(ControlAction.POLICY, "value=" + value);
            return;
        }
        String started = ctx.target().group.first().restartWith(plan.flagsFor(value));
        ctx.console().say("sweep: %s=%s: consumer %s", plan.knob(), value, started);
    }

    /** A fresh JVM, fresh connections and a cold consumer make the first seconds slow: one short run, unjudged. */
    private static void warmUp(RunContext ctx) throws InterruptedException {
        LoadTestConfig s = ctx.settings();
        Duration length = s.shape().duration().isZero() ? Duration.ofSeconds(5)
                : Duration.ofMillis(Math.min(5_000, s.shape().duration().toMillis()));
        Send send = s.send();
        ctx.newRun(new LoadRun.Options("warm-up", send.producerId() + "-warmup", s.shape().profile(), s.shape().seed(),
                length, Long.MAX_VALUE, Duration.ZERO, send.batchSize(), send.linger(), send.maxInflight(),
                send.drainTimeout(), List.of(), false, false, Segment.WHOLE, Optional.empty())).run();
    }

    private static LoadRun.Options options(LoadTestConfig s, String label, String idSuffix) {
        Shape shape = s.shape();
        Send send = s.send();
        return new LoadRun.Options(label, send.producerId() + idSuffix, shape.profile(), shape.seed(),
                shape.duration(), shape.messages() == 0 ? Long.MAX_VALUE : shape.messages(), shape.warmup(),
                send.batchSize(), send.linger(), send.maxInflight(), send.drainTimeout(), s.judge().thresholds(),
                false, false, Segment.WHOLE, Optional.empty(), shape.faults());
    }

    static Sweep.Setting setting(String value, LoadRun.Result r) {
        Measures m = r.measures();
        long notStored = r.storedDelta() < 0 ? 0 : Math.max(0, m.acked() - r.storedDelta());
        return new Sweep.Setting(value, ConsoleSummary.ms(m.latency(), 99), m.latency().getTotalCount() == 0 ? 0
                : m.latency().getMaxValue() / 1000.0, m.acked() / Math.max(1e-9, r.sendSeconds()), m.sent(),
                m.dropped(), m.errored(), m.lost(), notStored, r.delayedAll(), ConsoleSummary.ms(m.sendDelay(), 99),
                r.drainMillis(), kafkaPauses(r.consumerWindow()), r.passed());
    }

    /** How often the consumer paused its partitions over the readings, or -1 (not reading Kafka, or unknown). */
    static long kafkaPauses(List<ConsumerStats> window) {
        if (window.size() < 2 || window.get(0).kafka().isEmpty() || window.get(window.size() - 1).kafka().isEmpty()) {
            return -1;
        }
        return window.get(window.size() - 1).kafka().get().pauses() - window.get(0).kafka().get().pauses();
    }

    private static void restore(ConsumerProbe probe, Optional<String> before, Console c) {
        if (before.isEmpty()) {
            c.say("sweep: the consumer's policy before the sweep could not be read; it is left as the last run set it");
            return;
        }
        try {
            probe.control(ControlAction.POLICY, "value=" + before.get());
            c.say("sweep: the consumer's overflow policy is back to %s", before.get());
        } catch (IllegalStateException e) {
            c.say("sweep: could not put the consumer's overflow policy back to %s: %s", before.get(), e.getMessage());
        }
    }
}
