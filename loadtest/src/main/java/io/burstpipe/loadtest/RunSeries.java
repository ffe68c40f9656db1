package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.burstpipe.api.ConsumerStats;
import io.burstpipe.profile.RateProfile;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * What a run shows while it runs: a series point and a progress line each second (target, sent, acknowledged,
 * in flight, latency so far and in that second, the consumer's queue and the group's lag when known), and for a
 * backlog test the queue sampled every 100 ms. Not thread-safe: the monitor thread writes it.
 */
final class RunSeries {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final RateProfile profile;
    /** The share of the profile's rate this run sends (its segment's). */
    private final double share;
    private final long startNanos;
    private final String label;
    private final PrintStream out;
    private final boolean withLag;
    private final List<JsonObject> points = new ArrayList<>();
    private final List<JsonObject> curve = new ArrayList<>();
    /** Each second's latency histogram as an HdrHistogram interval log, tagged with the phase. */
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final HistogramLogWriter log = new HistogramLogWriter(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    private final double startSeconds;
    private double lastT;
    /** The last second's tag: none for the measured seconds (what log tools read by default), else the phase. */
    private String lastPhase;

    RunSeries(RateProfile profile, double share, long startNanos, long startedAtMillis, String label, PrintStream out,
              boolean withLag) {
        this.profile = profile;
        this.share = share;
        this.startNanos = startNanos;
        this.label = label;
        this.out = out;
        this.withLag = withLag;
        this.startSeconds = startedAtMillis / 1000.0;
        log.outputLogFormatVersion();
        log.outputComment("burstpipe loadtest " + label + ": latency from the intended send time of the answers in "
                + "each second, in microseconds (the max column in ms); measured seconds untagged, the others tagged "
                + "warmup, backlog or drain");
        log.outputStartTime(startedAtMillis);
        log.setBaseTime(startedAtMillis);
        log.outputBaseTime(startedAtMillis);
        log.outputLegend();
    }

    /**
     * Logs the answers since the last second's tick as a last, shorter interval (tagged as that second was), so the
     * interval log holds every answer of the run. Call once, after the last tick.
     */
    void finish(LoadStats stats) {
        Histogram rest = stats.live.takeInterval();
        double t = (System.nanoTime() - startNanos) / 1e9;
        if (rest.getTotalCount() > 0 && t > lastT) {
            rest.setTag(lastPhase);
            log.outputIntervalHistogram(startSeconds + lastT, startSeconds + t, rest, 1000.0);
            lastT = t;
        }
    }

    /** The HdrHistogram interval log of the seconds so far ({@code .hlog}, read by HdrHistogram's log tools). */
    String latencyLog() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    List<JsonObject> points() {
        return points;
    }

    List<JsonObject> curve() {
        return curve;
    }

    /** One second: a point, and the progress line; returns the second's latency histogram (recycled next tick). */
    Histogram tick(RunMonitor.Tick tick, RunMonitor.Reading reading, int inflight, LoadStats stats) {
        RunMonitor.Counters now = tick.now();
        RunMonitor.Counters before = tick.previous();
        long to = tick.atNanos() - startNanos;
        Histogram second = stats.live.takeInterval();
        lastPhase = tick.phase() == RunMonitor.Phase.MEASURE ? null : tick.phase().label();
        second.setTag(lastPhase);
        log.outputIntervalHistogram(startSeconds + lastT, startSeconds + tick.t(), second, 1000.0);
        lastT = tick.t();
        JsonObject p = new JsonObject().put("t", round(tick.t(), 3)).put("phase", tick.phase().label())
                .put("target", round(Measures.averageRate(profile, Math.max(0, to - 1_000_000_000L), to) * share, 1))
                .put("sent", now.sent() - before.sent()).put("acked", now.acked() - before.acked())
                .put("errors", now.errored() - before.errored()).put("delayed", now.delayed() - before.delayed())
                .put("dropped", now.dropped() - before.dropped()).put("inflight", inflight)
                .put("latencyCount", second.getTotalCount())
                .put("p50", ms(second, 50)).put("p90", ms(second, 90)).put("p99", ms(second, 99))
                .put("max", second.getTotalCount() == 0 ? 0.0 : second.getMaxValue() / 1000.0);
        reading.consumer().ifPresent(c -> p.put("queueDepth", c.queue().depth())
                .put("queueCapacity", c.queue().capacity()).put("consumerStored", c.messages().stored())
                .put("storeBusy", c.lastInterval().map(ConsumerStats.Interval::storeBusy).orElse(0.0)));
        if (withLag && reading.lag().isPresent()) {
            p.put("lag", reading.lag().getAsLong());
        }
        points.add(p);
        progress(p, now, tick.phase() == RunMonitor.Phase.WARMUP ? stats.live.total() : stats.latency.total());
        return second;
    }

    /** The backlog test's curve: queue depth, what is unanswered, and what was stored since the start. */
    void sampleBacklog(RunMonitor.Reading reading, Optional<ConsumerStats> before) {
        Optional<ConsumerStats> c = reading.consumer();
        JsonObject sample = new JsonObject().put("t", round((reading.nowNanos() - startNanos) / 1e9, 3))
                .put("queueDepth", c.map(s -> (long) s.queue().depth()).orElse(-1L))
                .put("outstanding", reading.counters().outstanding())
                .put("stored", c.isEmpty() || before.isEmpty() ? -1
                        : c.get().messages().stored() - before.get().messages().stored());
        if (withLag) {
            sample.put("lag", reading.lag().orElse(-1));
        }
        curve.add(sample);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private void progress(JsonObject p, RunMonitor.Counters total, Histogram soFar) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%5.0fs %-7s target %.0f/s sent %d/s acked %d/s inflight %d | acked %d errors %d delayed %d | "
                        + "p50/p99 so far %.1f/%.1fms (this second %.1f/%.1fms)",
                p.getDouble("t"), p.getString("phase"), p.getDouble("target"), p.getLong("sent"), p.getLong("acked"),
                p.getInteger("inflight"), total.acked(), total.errored(), total.delayed(), ms(soFar, 50),
                ms(soFar, 99), p.getDouble("p50"), p.getDouble("p99")));
        if (p.containsKey("queueDepth")) {
            line.append(String.format(Locale.ROOT, " | queue %d/%d", p.getLong("queueDepth"),
                    p.getLong("queueCapacity")));
        }
        if (p.containsKey("lag")) {
            line.append(" | lag ").append(p.getLong("lag"));
        }
        out.println(LocalTime.now().format(CLOCK) + ": " + label + ": " + line);
        out.flush();
    }
}
