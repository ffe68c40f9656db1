package io.burstpipe.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The results of a load test as files: {@code result.json} (totals, the full percentile tables,
 * the per-second series, thresholds, bottleneck, backlog and find-max evidence) and
 * {@code report.html}, one self-contained page (uPlot and the data inlined) that works offline.
 */
public final class Report {

    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99};

    private Report() {
    }

    /** Percentiles, count, min, mean and max of a histogram of microseconds, in milliseconds. */
    public static JsonObject latency(Histogram h) {
        JsonObject out = new JsonObject().put("count", h.getTotalCount());
        boolean any = h.getTotalCount() > 0;
        out.put("min", any ? h.getMinValue() / 1000.0 : 0).put("avg", any ? round(h.getMean() / 1000.0, 2) : 0);
        for (double p : PERCENTILES) {
            out.put(key(p), any ? h.getValueAtPercentile(p) / 1000.0 : 0);
        }
        return out.put("max", any ? h.getMaxValue() / 1000.0 : 0);
    }

    static String key(double p) {
        String s = p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
        return "p" + s;
    }

    /** HdrHistogram's full percentile distribution: [percentile, ms, count at or below]. */
    public static JsonArray distribution(Histogram h) {
        JsonArray rows = new JsonArray();
        if (h.getTotalCount() == 0) {
            return rows;
        }
        for (HistogramIterationValue v : h.percentiles(5)) {
            rows.add(new JsonArray().add(round(v.getPercentileLevelIteratedTo(), 4))
                    .add(h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0)
                    .add(v.getTotalCountToThisValue()));
        }
        return rows;
    }

    /** The JSON document of one plain (or backlog) run. */
    public static JsonObject json(LoadRun.Result r, JsonObject run) {
        Measures m = r.measures();
        JsonObject totals = new JsonObject().put("sent", m.sent()).put("acked", m.acked()).put("dropped", m.dropped())
                .put("errors", m.errored()).put("errorRequests", r.errorRequests()).put("delayed", m.delayed())
                .put("delayedAll", r.delayedAll())
                .put("unanswered", r.unanswered()).put("stored", r.storedDelta()).put("lost", m.lost())
                .put("requests", r.requests()).put("bytes", r.bytes()).put("sendSeconds", round(r.sendSeconds(), 6))
                .put("measuredSeconds", round(r.measuredSeconds(), 6)).put("ratePerSec", round(m.achievedRate(), 2))
                .put("targetRatePerSec", round(m.targetRate(), 2)).put("mbPerSec", round(r.mbPerSec(), 4))
                .put("drainMillis", r.drainMillis())
                .put("measuredSent", Math.round(m.achievedRate() * Math.max(1e-9, r.measuredSeconds())));
        if (!r.options().segment().whole()) {
            // a segment's stored count is of its own ids only, so the segments' counts add up
            totals.put("storedScope", "segment");
        }
        JsonArray thresholds = new JsonArray();
        for (LoadRun.Verdict v : r.verdicts()) {
            thresholds.add(new JsonObject().put("threshold", v.threshold().text()).put("passed", v.passed())
                    .put("detail", v.explanation()));
        }
        JsonObject doc = run.copy()
                .put("startedAt", Instant.ofEpochMilli(r.startedAtMillis()).toString())
                .put("profile", r.profile())
                .put("totals", totals)
                .put("latencyMs", new JsonObject().put("corrected", latency(m.latency()))
                        .put("service", latency(m.service())).put("sendDelay", latency(m.sendDelay())))
                .put("percentiles", new JsonObject().put("corrected", distribution(m.latency()))
                        .put("service", distribution(m.service())))
                .put("histograms", histograms(m))
                .put("series", new JsonArray(r.series()))
                .put("thresholds", thresholds)
                .put("aborted", r.aborted())
                .put("lastError", r.lastError())
                .put("consumerWindow", new JsonArray(r.consumerWindow().stream()
                        .map(io.burstpipe.api.ConsumerStatsJson::encode).toList()))
                .put("faults", new JsonArray(r.faults()))
                .put("bottleneck", BottleneckReadout.readout(r))
                .put("passed", r.passed());
        if (r.backlog() != null) {
            doc.put("backlog", r.backlog());
        }
        return doc;
    }

    /** The three latency histograms, kept whole so runs can be merged and compared exactly. */
    private static JsonObject histograms(Measures m) {
        return new JsonObject().put("encoding", StoredHistograms.ENCODING)
                .put("corrected", StoredHistograms.encode(m.latency()))
                .put("service", StoredHistograms.encode(m.service()))
                .put("sendDelay", StoredHistograms.encode(m.sendDelay()));
    }

    /** Writes {@code result.json} and {@code report.html} into {@code dir}; returns the two paths. */
    public static Path[] write(Path dir, JsonObject doc) throws IOException {
        return write(dir, "result", "report", doc);
    }

    /**
     * Writes {@code <json>.json} and {@code <page>.html} (from the page {@code loadtest/<page>.html} and its
     * script {@code loadtest/<page>.js}) into {@code dir}; returns the two paths.
     */
    static Path[] write(Path dir, String json, String page, JsonObject doc) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve(json + ".json");
        Path html = dir.resolve(page + ".html");
        Files.writeString(data, doc.encodePrettily());
        Files.writeString(html, page("loadtest/" + page + ".html", "loadtest/" + page + ".js", doc));
        return new Path[] {data, html};
    }

    /** The per-second series' columns in {@code series.csv}, in order; a column a point lacks is left empty. */
    static final List<String> SERIES_COLUMNS = List.of("t", "phase", "target", "sent", "acked", "errors", "delayed",
            "dropped", "inflight", "latencyCount", "p50", "p90", "p99", "max", "queueDepth", "queueCapacity",
            "consumerStored", "storeBusy", "lag");

    /**
     * Writes what a plain run's users plug into other tools next to {@code result.json}: {@code series.csv} (the
     * per-second series) and {@code latency.hlog} (HdrHistogram's interval log of the latency, one histogram a
     * second); returns the two paths.
     */
    public static Path[] writeSeries(Path dir, JsonObject doc, String latencyLog) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(String.join(",", SERIES_COLUMNS)).append('\n');
        for (Object o : doc.getJsonArray("series", new JsonArray())) {
            JsonObject point = (JsonObject) o;
            csv.append(SERIES_COLUMNS.stream().map(c -> point.containsKey(c) ? String.valueOf(point.getValue(c)) : "")
                    .collect(java.util.stream.Collectors.joining(","))).append('\n');
        }
        Path series = dir.resolve("series.csv");
        Path hlog = dir.resolve("latency.hlog");
        Files.writeString(series, csv);
        Files.writeString(hlog, latencyLog);
        return new Path[] {series, hlog};
    }

    /** The page: the template with uPlot's CSS and script and the data put in place. */
    public static String html(JsonObject doc) throws IOException {
        return page("loadtest/report.html", "loadtest/report.js", doc);
    }

    /**
     * A self-contained page: {@code template} with uPlot's CSS and script, the pages' shared CSS and script, its own
     * {@code script} and the data put in place.
     */
    static String page(String template, String script, JsonObject doc) throws IOException {
        String version = uplotVersion();
        String dist = "META-INF/resources/webjars/uplot/" + version + "/dist/";
        String page = resource(template);
        String data = doc.encode().replace("</", "<\\/");
        return page.replace("/*UPLOT_CSS*/", resource(dist + "uPlot.min.css"))
                .replace("/*COMMON_CSS*/", resource("loadtest/common.css"))
                .replace("/*UPLOT_JS*/", resource(dist + "uPlot.iife.min.js").replace("</", "<\\/"))
                .replace("/*COMMON_JS*/", resource("loadtest/common.js"))
                .replace("/*REPORT_JS*/", resource(script))
                .replace("/*DATA*/", data);
    }

    private static String uplotVersion() throws IOException {
        Properties props = new Properties();
        try (InputStream in = stream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            props.load(in);
        }
        return props.getProperty("version");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream stream(String name) throws IOException {
        InputStream in = Report.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }

    /** {@code value} rounded to {@code decimals} places, for figures in JSON and on screen. */
    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
