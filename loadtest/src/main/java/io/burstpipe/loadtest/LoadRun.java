package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.burstpipe.flow.Event;
import io.burstpipe.transport.Transport;
import io.burstpipe.profile.ProfileSpec;
import io.burstpipe.profile.RateProfile;
import io.burstpipe.profile.StagesProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One load-test run: the open-model generator against a transport, a progress line and a series
 * point every second (with the consumer's queue and the group's lag when they can be read), early
 * abort on a failed threshold, the drain of what is in flight, and the figures at the end.
 *
 * <p>With {@code backlog} the consumer is paused (control endpoint) while the messages are sent, then
 * resumed, and the drain is timed: OpenMessaging Benchmark's backlog build-and-drain.
 */
public final class LoadRun {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The backlog test samples the queue (and lag) this often, to draw the drain. */
    private static final long CURVE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * @param label        name of the run in the report ("run", or "step 3 at 4000 msgs/s")
     * @param duration     how long to send; zero = until the profile, --messages or a stop ends it
     * @param messages     stop after this many; {@link Long#MAX_VALUE} for no limit
     * @param warmup       results leave out messages intended before this
     * @param backlog      pause the consumer while sending, then resume and time the drain
     */
    public record Options(String label, String producerId, ProfileSpec spec, long seed, Duration duration,
                          long messages, Duration warmup, int batchSize, Duration linger, int maxInflight,
                          Duration drainTimeout, List<Threshold> thresholds, boolean abortOnFail, boolean backlog) {

        /** A steady run of {@code length} at {@code rate}, judged by no threshold: a warm-up, or a find-max step. */
        public static Options steady(String label, String producerId, double rate, long seed, Duration length,
                                     Duration warmup, int batchSize, Duration linger, int maxInflight,
                                     Duration drainTimeout) {
            return new Options(label, producerId, ProfileSpec.steady(rate), seed, length, Long.MAX_VALUE, warmup,
                    batchSize, linger, maxInflight, drainTimeout, List.of(), false, false);
        }
    }

    /** One threshold's outcome. */
    public record Verdict(Threshold threshold, boolean passed, String explanation) {
    }

    /** Everything the run measured, for the summary and the reports. */
    public record Result(Options options, String profile, long startedAtMillis, Measures measures, long requests,
                         long bytes, long errorRequests, long unanswered, double sendSeconds, double measuredSeconds,
                         List<JsonObject> series, long storedDelta, List<Verdict> verdicts, String aborted,
                         JsonObject consumerAtMeasureStart, JsonObject consumerAtSendEnd, long drainMillis,
                         JsonObject backlog, String lastError, long delayedAll) {

        public boolean passed() {
            return aborted == null && verdicts.stream().allMatch(Verdict::passed);
        }

        public double mbPerSec() {
            return sendSeconds <= 0 ? 0 : bytes / 1e6 / sendSeconds;
        }
    }

    private final Options options;
    private final Transport transport;
    private final ConsumerProbe probe;
    private final GroupLag lag;
    private final PrintStream out;
    private final Event stop;

    public LoadRun(Options options, Transport transport, ConsumerProbe probe, GroupLag lag, PrintStream out,
                   Event stop) {
        this.options = options;
        this.transport = transport;
        this.probe = probe;
        this.lag = lag;
        this.out = out;
        this.stop = stop;
    }

    public Result run() throws InterruptedException {
        LoadStats stats = new LoadStats();
        RateProfile profile = options.spec().toProfile();
        JsonObject before = probe == null ? null : probe.stats();
        if (lag != null) {
            lag.markStart();
        }
        if (options.backlog()) {
            probe.control("pause");
            say("consumer paused; sending the backlog");
        }
        Event generatorStop = new Event();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long startedAtMillis = System.currentTimeMillis() + 50;
        long end = endNanos(start, profile);
        long warmupNanos = options.warmup().toNanos();
        OpenLoop loop = new OpenLoop(new OpenLoop.Plan(options.producerId(), options.spec().schedule(options.seed()),
                options.seed(), start, end, options.messages(), warmupNanos, options.batchSize(),
                options.linger().toNanos(), options.maxInflight()), transport, stats, OpenLoop.SYSTEM, generatorStop);
        Thread generator = new Thread(loop, "load-generator");
        generator.setDaemon(true);
        generator.start();

        List<JsonObject> series = new ArrayList<>();
        JsonObject atMeasureStart = warmupNanos == 0 ? before : null;
        JsonObject atSendEnd = null;
        JsonObject latest = before;
        String aborted = null;
        long sendEnd = -1;
        long drainDeadline = Long.MAX_VALUE;
        long drained = -1;
        long resumedAt = -1;
        long backlogAtResume = -1;
        long storedAtResume = -1;
        long lastCurve = 0;
        List<JsonObject> curve = new ArrayList<>();
        long lastSent = 0;
        int stalledTicks = 0;
        long lastLag = lag == null ? -1 : lag.lag();
        Tick previous = new Tick(0, 0, 0, 0, 0);
        long nextTick = start + TimeUnit.SECONDS.toNanos(1);
        Readings view = new Readings();
        while (true) {
            long now = System.nanoTime();
            view.newTurn();
            if (sendEnd < 0 && (loop.done().isSet() || stop.isSet() || generatorStop.isSet())) {
                generatorStop.set();
                if (loop.done().await(5, TimeUnit.SECONDS)) {
                    sendEnd = Math.min(System.nanoTime(), Math.max(start, loop.doneNanos()));
                } else {
                    sendEnd = System.nanoTime();
                }
                atSendEnd = view.stats();
                drainDeadline = System.nanoTime() + options.drainTimeout().toNanos();
            }
            if (options.backlog() && resumedAt < 0 && (sendEnd >= 0 || stalledTicks >= 2)) {
                JsonObject s = view.stats();
                storedAtResume = ConsumerProbe.stored(s);
                backlogAtResume = stats.sent.sum() - Math.max(0, storedAtResume - ConsumerProbe.stored(before));
                probe.control("resume");
                resumedAt = System.nanoTime();
                say("%d messages waiting; consumer resumed%s", backlogAtResume, sendEnd >= 0 ? ""
                        : String.format(Locale.ROOT, " before the whole backlog was sent: the sender was held up "
                        + "(%d requests of up to %d messages in flight; the consumer holds its queue and its "
                        + "requests in flight): raise --max-inflight/--batch-size and the consumer's "
                        + "--queue-capacity", options.maxInflight(), options.batchSize()));
            }
            if (sendEnd >= 0 && drained < 0 && (!options.backlog() || resumedAt >= 0)) {
                boolean answered = stats.outstanding() == 0 && loop.inflightRequests() == 0;
                if (answered) {
                    JsonObject s = view.stats();
                    long depth = ConsumerProbe.depth(s);
                    long groupLag = lag == null ? 0 : view.lag();
                    if (s != null) {
                        latest = s;
                    }
                    // a reading that failed (-1) proves nothing: wait for one that shows empty, or the deadline
                    if ((probe == null || depth == 0) && groupLag == 0) {
                        drained = System.nanoTime();
                    }
                }
                if (drained < 0 && System.nanoTime() > drainDeadline) {
                    say("drain: gave up after %s; %d messages still unanswered",
                            LoadTestCommand.human(options.drainTimeout()),
                            stats.outstanding());
                    break;
                }
            }
            if (options.backlog() && drained < 0 && now - lastCurve >= CURVE_NANOS) {
                lastCurve = now;
                JsonObject c = view.stats();
                JsonObject sample = new JsonObject().put("t", round((now - start) / 1e9, 3))
                        .put("queueDepth", ConsumerProbe.depth(c)).put("outstanding", stats.outstanding())
                        .put("stored", c == null ? -1 : ConsumerProbe.stored(c) - ConsumerProbe.stored(before));
                if (lag != null) {
                    sample.put("lag", view.lag());
                }
                curve.add(sample);
            }
            boolean lastWords = drained >= 0 && now < nextTick;
            if (lastWords && stats.acked.sum() == previous.acked() && stats.errored.sum() == previous.errored()
                    && stats.sent.sum() == previous.sent()) {
                break; // the last full second already showed everything
            }
            if (now >= nextTick || drained >= 0) {
                long t = nextTick;
                nextTick += TimeUnit.SECONDS.toNanos(1);
                JsonObject s = view.stats();
                if (s != null) {
                    latest = s;
                }
                if (lag != null) {
                    lastLag = view.lag();
                }
                double elapsed = (Math.min(now, t) - start) / 1e9;
                if (atMeasureStart == null && elapsed * 1e9 >= warmupNanos) {
                    atMeasureStart = s;
                }
                Tick tick = new Tick(stats.sent.sum(), stats.acked.sum(), stats.errored.sum(), stats.delayed.sum(),
                        stats.dropped.sum());
                String phase = elapsed * 1e9 <= warmupNanos ? "warmup" : sendEnd >= 0 ? "drain" : "measure";
                if (options.backlog()) {
                    phase = resumedAt < 0 ? "backlog" : "drain";
                }
                JsonObject point = point(elapsed, phase, profile, start, Math.min(now, t), tick, previous, loop, stats,
                        s, lastLag);
                series.add(point);
                progress(point, tick, phase.equals("warmup") ? stats.live.total() : stats.latency.total());
                stalledTicks = tick.sent() == lastSent && loop.inflightRequests() >= options.maxInflight()
                        ? stalledTicks + 1 : 0;
                lastSent = tick.sent();
                previous = tick;
                if (aborted == null && options.abortOnFail() && sendEnd < 0 && phase.equals("measure")) {
                    Measures m = measures(stats, start, warmupNanos, now, profile);
                    for (Threshold th : options.thresholds()) {
                        if (th.judgedEarly() && !th.holds(m)) {
                            aborted = "threshold failed: " + th.explain(m);
                            say("aborting: %s", aborted);
                            generatorStop.set();
                            break;
                        }
                    }
                }
            }
            if (drained >= 0) {
                break;
            }
            long sleep = Math.min(POLL_NANOS, Math.max(0, nextTick - System.nanoTime()));
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        if (sendEnd < 0) {
            sendEnd = System.nanoTime();
        }
        if (options.backlog() && resumedAt < 0) {
            probe.control("resume");
        }
        JsonObject after = probe == null ? null : probe.stats();
        long storedDelta = before == null || after == null ? -1 : ConsumerProbe.stored(after) - ConsumerProbe.stored(before);
        long measureStart = start + warmupNanos;
        Measures measures = measures(stats, start, warmupNanos, sendEnd, profile);
        List<Verdict> verdicts = new ArrayList<>();
        for (Threshold th : options.thresholds()) {
            verdicts.add(new Verdict(th, th.holds(measures), th.explain(measures)));
        }
        JsonObject backlog = null;
        if (options.backlog()) {
            double drainSeconds = drained < 0 || resumedAt < 0 ? -1 : (drained - resumedAt) / 1e9;
            long drainedMessages = after == null || storedAtResume < 0 ? -1 : ConsumerProbe.stored(after) - storedAtResume;
            backlog = new JsonObject().put("messages", stats.sent.sum()).put("atResume", backlogAtResume)
                    .put("storedAfterResume", drainedMessages)
                    .put("drainSeconds", drainSeconds)
                    .put("drainRatePerSec", drainSeconds > 0 ? drainedMessages / drainSeconds : 0)
                    .put("drained", drained >= 0)
                    .put("curve", new JsonArray(curve));
        }
        long drainMillis = drained < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(drained - sendEnd);
        return new Result(options, profile.describe(), startedAtMillis, measures, stats.requests.sum(),
                stats.bytes.sum(), stats.errorRequests.sum(), stats.outstanding(), Math.max(0, sendEnd - start) / 1e9,
                Math.max(0, sendEnd - measureStart) / 1e9, series, storedDelta, verdicts, aborted,
                atMeasureStart, atSendEnd == null ? latest : atSendEnd, drainMillis, backlog, stats.lastError,
                stats.delayed.sum());
    }

    /**
     * The consumer's {@code /stats} and the group's lag, each read at most once per turn of the monitor loop
     * however many parts of the turn need them.
     */
    private final class Readings {
        private JsonObject stats;
        private long lag;
        private boolean statsRead;
        private boolean lagRead;

        void newTurn() {
            statsRead = false;
            lagRead = false;
        }

        JsonObject stats() {
            if (!statsRead) {
                stats = probe == null ? null : probe.stats();
                statsRead = true;
            }
            return stats;
        }

        long lag() {
            if (!lagRead) {
                lag = LoadRun.this.lag == null ? -1 : LoadRun.this.lag.lag();
                lagRead = true;
            }
            return lag;
        }
    }

    private long endNanos(long start, RateProfile profile) {
        long end = Long.MAX_VALUE;
        if (!options.duration().isZero()) {
            end = start + options.duration().toNanos();
        }
        if (profile instanceof StagesProfile stages) {
            end = Math.min(end, start + stages.totalNanos());
        }
        return end;
    }

    private record Tick(long sent, long acked, long errored, long delayed, long dropped) {
    }

    private static Measures measures(LoadStats stats, long start, long warmupNanos, long until, RateProfile profile) {
        double seconds = Math.max(1e-9, (until - start - warmupNanos) / 1e9);
        double target = averageRate(profile, warmupNanos, until - start);
        return new Measures(stats.latency.total(), stats.serviceTime.total(), stats.sendDelay.total(),
                stats.sent.sum(), stats.acked.sum(), stats.errored.sum(), stats.measuredDelayed.sum(),
                stats.dropped.sum(), stats.measuredSent.sum() / seconds, target);
    }

    /** The profile's mean rate between two offsets from the start. */
    static double averageRate(RateProfile profile, long fromNanos, long toNanos) {
        if (toNanos <= fromNanos) {
            return profile.ratePerSecAt(fromNanos);
        }
        int samples = 200;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            sum += profile.ratePerSecAt(fromNanos + (long) ((toNanos - fromNanos) * ((i + 0.5) / samples)));
        }
        return sum / samples;
    }

    private JsonObject point(double elapsed, String phase, RateProfile profile, long start, long at, Tick tick,
                             Tick previous, OpenLoop loop, LoadStats stats, JsonObject consumer, long groupLag) {
        long to = at - start;
        Histogram h = stats.live.takeInterval();
        JsonObject p = new JsonObject().put("t", round(elapsed, 3)).put("phase", phase)
                .put("target", round(averageRate(profile, Math.max(0, to - 1_000_000_000L), to), 1))
                .put("sent", tick.sent() - previous.sent())
                .put("acked", tick.acked() - previous.acked())
                .put("errors", tick.errored() - previous.errored())
                .put("delayed", tick.delayed() - previous.delayed())
                .put("dropped", tick.dropped() - previous.dropped())
                .put("inflight", loop.inflightRequests())
                .put("latencyCount", h.getTotalCount())
                .put("p50", ms(h, 50)).put("p90", ms(h, 90)).put("p99", ms(h, 99))
                .put("max", h.getTotalCount() == 0 ? 0.0 : h.getMaxValue() / 1000.0);
        if (consumer != null) {
            JsonObject queue = consumer.getJsonObject("queue", new JsonObject());
            p.put("queueDepth", queue.getLong("depth", 0L)).put("queueCapacity", queue.getLong("capacity", 0L))
                    .put("consumerStored", consumer.getJsonObject("messages", new JsonObject()).getLong("stored", 0L))
                    .put("storeBusy", consumer.getDouble("storeBusy", 0.0));
        }
        if (groupLag >= 0 && lag != null) {
            p.put("lag", groupLag);
        }
        return p;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(percentile) / 1000.0;
    }


    /**
     * One line a second: this second's rates, the totals, and latency so far (of the measured messages once
     * the warm-up is over) and in this second.
     */
    private void progress(JsonObject p, Tick tick, Histogram soFar) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%5.0fs %-7s target %.0f/s sent %d/s acked %d/s inflight %d | acked %d errors %d delayed %d | "
                        + "p50/p99 so far %.1f/%.1fms (this second %.1f/%.1fms)",
                p.getDouble("t"), p.getString("phase"), p.getDouble("target"), p.getLong("sent"), p.getLong("acked"),
                p.getInteger("inflight"), tick.acked(), tick.errored(), tick.delayed(), ms(soFar, 50), ms(soFar, 99),
                p.getDouble("p50"), p.getDouble("p99")));
        if (p.containsKey("queueDepth")) {
            line.append(String.format(Locale.ROOT, " | queue %d/%d", p.getLong("queueDepth"),
                    p.getLong("queueCapacity")));
        }
        if (p.containsKey("lag")) {
            line.append(" | lag ").append(p.getLong("lag"));
        }
        say("%s", line);
    }

    private void say(String format, Object... args) {
        out.println(LocalTime.now().format(CLOCK) + ": " + options.label() + ": " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
