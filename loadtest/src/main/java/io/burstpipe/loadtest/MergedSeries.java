package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The segments' per-second series summed second by second (the k-th second of each, on its own timeline), each
 * second's latency figures from the sum of the segments' histograms of that second, and the merged interval log.
 *
 * @param points     one point a second, as a run's series has them
 * @param histograms each second's latency, then the answers after the last second if any segment had some
 */
record MergedSeries(List<JsonObject> points, List<Histogram> histograms, String latencyLog) {

    /** Counters a point has per second, summed across the segments. */
    private static final List<String> SUMMED = List.of("target", "sent", "acked", "errors", "delayed", "dropped",
            "inflight");
    /** The consumer's and the group's readings: the same consumer seen by each segment, taken from the first. */
    private static final List<String> SHARED = List.of("queueDepth", "queueCapacity", "consumerStored", "storeBusy",
            "lag");

    static MergedSeries of(List<SegmentResult> runs) {
        int seconds = runs.stream().mapToInt(r -> r.series().size()).max().orElse(0);
        int intervals = runs.stream().mapToInt(r -> r.intervals().size()).max().orElse(0);
        List<Histogram> histograms = new ArrayList<>();
        List<SegmentResult.Interval> spans = new ArrayList<>();
        for (int k = 0; k < Math.max(seconds, intervals); k++) {
            Histogram h = new Histogram(3);
            SegmentResult.Interval span = null;
            for (SegmentResult r : runs) {
                if (k < r.intervals().size()) {
                    h.add(r.intervals().get(k).latency());
                    span = span == null ? r.intervals().get(k) : span;
                }
            }
            histograms.add(h);
            spans.add(span);
        }
        List<JsonObject> points = new ArrayList<>();
        for (int k = 0; k < seconds; k++) {
            points.add(point(runs, k, histograms.get(k)));
        }
        long base = runs.stream().mapToLong(SegmentResult::startedAtMillis).min().orElse(0);
        return new MergedSeries(points, histograms, log(base, spans, histograms, runs.size()));
    }

    /** The latency of the k-th second of the merged run. */
    Histogram second(int k) {
        return histograms.get(k);
    }

    private static JsonObject point(List<SegmentResult> runs, int k, Histogram second) {
        JsonObject merged = null;
        for (SegmentResult r : runs) {
            if (k >= r.series().size()) {
                continue;
            }
            JsonObject p = r.series().get(k);
            if (merged == null) {
                merged = new JsonObject().put("t", p.getDouble("t")).put("phase", p.getString("phase"));
                for (String shared : SHARED) {
                    if (p.containsKey(shared)) {
                        merged.put(shared, p.getValue(shared));
                    }
                }
            }
            for (String c : SUMMED) {
                Number have = (Number) merged.getValue(c, 0L);
                Number more = (Number) p.getValue(c, 0L);
                merged.put(c, c.equals("target") ? round(have.doubleValue() + more.doubleValue(), 1)
                        : (Object) (have.longValue() + more.longValue()));
            }
        }
        boolean any = second.getTotalCount() > 0;
        return merged.put("latencyCount", second.getTotalCount())
                .put("p50", any ? second.getValueAtPercentile(50) / 1000.0 : 0.0)
                .put("p90", any ? second.getValueAtPercentile(90) / 1000.0 : 0.0)
                .put("p99", any ? second.getValueAtPercentile(99) / 1000.0 : 0.0)
                .put("max", any ? second.getMaxValue() / 1000.0 : 0.0);
    }

    private static String log(long base, List<SegmentResult.Interval> spans, List<Histogram> histograms, int n) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HistogramLogWriter log = new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        log.outputLogFormatVersion();
        log.outputComment("burstpipe loadtest merge of " + n + " segments: latency from the intended send time of the "
                + "answers in each second, in microseconds (the max column in ms), each second the sum of the "
                + "segments' histograms of it; measured seconds untagged, the others tagged warmup or drain");
        log.outputStartTime(base);
        log.setBaseTime(base);
        log.outputBaseTime(base);
        log.outputLegend();
        for (int k = 0; k < spans.size(); k++) {
            SegmentResult.Interval span = spans.get(k);
            if (span != null) {
                Histogram h = histograms.get(k);
                h.setTag(span.tag());
                log.outputIntervalHistogram(base / 1000.0 + span.fromSeconds(), base / 1000.0 + span.toSeconds(), h,
                        1000.0);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
