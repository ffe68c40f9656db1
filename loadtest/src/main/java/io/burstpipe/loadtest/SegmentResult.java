package io.burstpipe.loadtest;

import io.burstpipe.profile.Segment;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One load test's results as {@code loadtest merge} and {@code loadtest compare} read them back: its result.json
 * and its latency interval log (one histogram per second of the run, in the order of the per-second series, and a
 * last, shorter one for the answers after the last second).
 *
 * @param source    the result.json read
 * @param doc       its contents
 * @param intervals the latency interval log's histograms, in order
 * @param series    its per-second series, in order
 */
record SegmentResult(Path source, JsonObject doc, List<Interval> intervals, List<JsonObject> series) {

    /** One interval of the log: its span in seconds since the run's start, its tag (the phase; none = measured). */
    record Interval(double fromSeconds, double toSeconds, String tag, Histogram latency) {
    }

    /**
     * Reads a result folder (or its result.json) and the latency.hlog next to it.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static SegmentResult read(Path path) throws IOException {
        Path json = Files.isDirectory(path) ? path.resolve("result.json") : path;
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(path + ": no result.json there (give the folder a load test wrote with "
                    + "--out, or its result.json)");
        }
        JsonObject doc;
        try {
            doc = new JsonObject(Files.readString(json));
        } catch (DecodeException e) {
            throw new IllegalArgumentException(json + " is not JSON: " + e.getMessage(), e);
        }
        if (!doc.containsKey("histograms") || !doc.containsKey("segment")) {
            throw new IllegalArgumentException(json + " has no stored histograms or segment: it is not the result of "
                    + "a plain load test of this version (find-max and backlog tests are not merged)");
        }
        Path hlog = json.resolveSibling("latency.hlog");
        if (!Files.isRegularFile(hlog)) {
            throw new IllegalArgumentException(json + ": no latency.hlog next to it (each second's histograms are "
                    + "merged from it)");
        }
        long start = startedAtMillis(doc);
        List<Interval> intervals = new ArrayList<>();
        try (InputStream in = Files.newInputStream(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (!(h instanceof Histogram histogram)) {
                    throw new IllegalArgumentException(hlog + " holds a histogram of another kind");
                }
                intervals.add(new Interval((h.getStartTimeStamp() - start) / 1000.0,
                        (h.getEndTimeStamp() - start) / 1000.0, h.getTag(), histogram));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(hlog + " is not an HdrHistogram interval log: " + e.getMessage(), e);
        }
        return new SegmentResult(json, doc, intervals, doc.getJsonArray("series", new JsonArray()).stream()
                .map(JsonObject.class::cast).toList());
    }

    static long startedAtMillis(JsonObject doc) {
        return Instant.parse(doc.getString("startedAt")).toEpochMilli();
    }

    long startedAtMillis() {
        return startedAtMillis(doc);
    }

    Segment segment() {
        JsonObject s = doc.getJsonObject("segment");
        return new Segment(s.getInteger("index"), s.getInteger("count"));
    }

    JsonObject totals() {
        return doc.getJsonObject("totals");
    }

    Histogram histogram(String name) {
        return StoredHistograms.decode(doc.getJsonObject("histograms").getString(name));
    }
}
