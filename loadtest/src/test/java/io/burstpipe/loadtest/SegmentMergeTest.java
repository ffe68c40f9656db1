package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.cli.Cli;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments of one schedule against the no-op target (it answers at once, so every count is exact), and their merge:
 * together they are the unsegmented run, and the merge is the union of what they measured.
 */
@Timeout(120)
class SegmentMergeTest {

    private static final String[] LOAD = {"--transport", "noop", "--profile", "burst", "--rate", "300",
            "--peak-rate", "3000", "--burst-on", "400ms", "--burst-off", "600ms", "--duration", "2s", "--warmup",
            "500ms", "--seed", "5", "--producer-id", "seg", "--threshold", "loss==0", "--threshold",
            "rate>=0.9*target"};

    @TempDir
    static Path dir;

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(Object command, ByteArrayOutputStream out, String... args) {
        StringWriter err = new StringWriter();
        int status = Cli.execute(command, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private static Outcome loadtest(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(LOAD));
        args.addAll(List.of(extra));
        return run(new LoadTestCommand().output(new PrintStream(out, true, StandardCharsets.UTF_8)), out,
                args.toArray(String[]::new));
    }

    private static Outcome merge(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return run(new LoadTestMergeCommand().output(new PrintStream(out, true, StandardCharsets.UTF_8)), out, args);
    }

    private static JsonObject result(String name) throws Exception {
        return new JsonObject(Files.readString(dir.resolve(name).resolve("result.json")));
    }

    @BeforeAll
    static void runTheSegmentsAndTheWhole() {
        for (String name : new String[] {"s1", "s2", "s3"}) {
            Outcome o = loadtest("--segment", name.charAt(1) + "/3", "--out", dir.resolve(name).toString());
            assertThat(o.status()).as(o.out() + o.err()).isZero();
            assertThat(o.out()).contains("segment " + name.charAt(1) + "/3 (seq " + (name.charAt(1) - '1') + ", ");
        }
        Outcome whole = loadtest("--out", dir.resolve("whole").toString());
        assertThat(whole.status()).as(whole.out() + whole.err()).isZero();
    }

    @Test
    void theSegmentsSendTheWholeRunsMessagesBetweenThem() throws Exception {
        long[] sent = new long[3];
        for (int i = 0; i < 3; i++) {
            JsonObject r = result("s" + (i + 1));
            sent[i] = r.getJsonObject("totals").getLong("sent");
            assertThat(r.getJsonObject("segment").getInteger("index")).isEqualTo(i + 1);
            // each is judged on its own share of the rate (the mean over its own measured span, which ends when its
            // last send did)
            assertThat(r.getJsonObject("totals").getDouble("targetRatePerSec"))
                    .isCloseTo(result("whole").getJsonObject("totals").getDouble("targetRatePerSec") / 3,
                            org.assertj.core.data.Percentage.withPercentage(5));
        }
        long whole = result("whole").getJsonObject("totals").getLong("sent");
        assertThat(sent[0] + sent[1] + sent[2]).isEqualTo(whole);
        for (long n : sent) {
            assertThat(n).isBetween(whole / 3, whole / 3 + 1);
        }
    }

    @Test
    void theMergeIsTheUnionOfWhatTheSegmentsMeasured() throws Exception {
        Outcome o = merge(dir.resolve("s2").toString(), dir.resolve("s3/result.json").toString(),
                dir.resolve("s1").toString(), "--out", dir.resolve("merged").toString());
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        JsonObject merged = result("merged");
        Histogram union = new Histogram(3);
        long sent = 0;
        long perSecond = 0;
        long logged = 0;
        for (String s : new String[] {"s1", "s2", "s3"}) {
            JsonObject r = result(s);
            union.add(StoredHistograms.decode(r.getJsonObject("histograms").getString("corrected")));
            sent += r.getJsonObject("totals").getLong("sent");
            perSecond += sum(r.getJsonArray("series"), "sent");
            logged += loggedAnswers(dir.resolve(s));
        }
        JsonObject latency = merged.getJsonObject("latencyMs").getJsonObject("corrected");
        assertThat(latency.getLong("count")).isEqualTo(union.getTotalCount()).isPositive();
        assertThat(latency.getDouble("p99")).isEqualTo(union.getValueAtPercentile(99) / 1000.0);
        assertThat(latency.getDouble("max")).isEqualTo(union.getMaxValue() / 1000.0);
        assertThat(StoredHistograms.decode(merged.getJsonObject("histograms").getString("corrected")))
                .isEqualTo(union);
        assertThat(merged.getJsonObject("totals").getLong("sent")).isEqualTo(sent)
                .isEqualTo(result("whole").getJsonObject("totals").getLong("sent"));
        assertThat(merged.getJsonObject("totals").getLong("lost")).isZero();
        assertThat(sum(merged.getJsonArray("series"), "sent")).isEqualTo(perSecond);
        assertThat(loggedAnswers(dir.resolve("merged"))).isEqualTo(logged).isEqualTo(sent);
        assertThat(Files.readString(dir.resolve("merged/series.csv")).lines().count())
                .isEqualTo(merged.getJsonArray("series").size() + 1L);
        // judged on the merged figures, against the whole profile's rate
        assertThat(merged.getJsonObject("totals").getDouble("targetRatePerSec"))
                .isCloseTo(result("whole").getJsonObject("totals").getDouble("targetRatePerSec"),
                        org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(o.out()).contains("merge: 3 segments of burst 3000 msgs/s").contains("threshold passed: loss==0")
                .contains("threshold passed: rate>=0.9*target").contains("loss check: sent " + sent);
        assertThat(merged.getString("tool")).isEqualTo("burstpipe loadtest merge");
        assertThat(merged.getJsonArray("segments")).hasSize(3);
    }

    @Test
    void aWholeRunMergedAloneKeepsItsFigures() throws Exception {
        Outcome o = merge(dir.resolve("whole").toString(), "--out", dir.resolve("alone").toString());
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("merge: 1 segment of ");
        JsonObject whole = result("whole").getJsonObject("totals");
        JsonObject alone = result("alone").getJsonObject("totals");
        for (String figure : new String[] {"sent", "acked", "lost", "ratePerSec", "targetRatePerSec", "sendSeconds",
            "measuredSeconds", "measuredSent"}) {
            assertThat(alone.getValue(figure)).as(figure).isEqualTo(whole.getValue(figure));
        }
        assertThat(result("alone").getJsonObject("latencyMs")).isEqualTo(result("whole").getJsonObject("latencyMs"));
    }

    @Test
    void theMergedResultIsJudgedByTheThresholdsGivenToMerge() {
        Outcome o = merge(dir.resolve("s1").toString(), dir.resolve("s2").toString(), dir.resolve("s3").toString(),
                "--threshold", "rate>=2*target", "--threshold", "p99[1s]<10s", "--out",
                dir.resolve("judged").toString());
        assertThat(o.status()).as(o.out() + o.err()).isEqualTo(LoadTestCommand.THRESHOLDS_FAILED);
        assertThat(o.out()).contains("threshold FAILED: rate>=2*target")
                .containsPattern("threshold passed: p99\\[1s\\]<10s: 0 of \\d+ windows of 1 s failed")
                .doesNotContain("loss==0");
    }

    @Test
    void resultsThatAreNotAllTheSegmentsOfOneScheduleAreRefusedSayingWhy() throws Exception {
        assertThat(merge(dir.resolve("s1").toString(), dir.resolve("s2").toString()).err())
                .contains("segments 3/3 missing");
        assertThat(merge(dir.resolve("s1").toString(), dir.resolve("s1").toString(), dir.resolve("s2").toString())
                .err()).contains("segment 1/3 is given twice");
        assertThat(merge(dir.resolve("s1").toString(), dir.resolve("whole").toString()).err())
                .contains("cut into different counts");
        Path other = dir.resolve("other-seed");
        Files.createDirectories(other);
        Files.writeString(other.resolve("result.json"), result("s3").put("seed", 6).encode());
        Files.copy(dir.resolve("s3/latency.hlog"), other.resolve("latency.hlog"));
        Outcome o = merge(dir.resolve("s1").toString(), dir.resolve("s2").toString(), other.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("the results are not one schedule: seed differs (5 vs 6)");
        assertThat(merge(dir.resolve("nowhere").toString()).err()).contains("no result.json there");
        assertThat(merge().err()).contains("Missing required parameter");
    }

    @Test
    void segmentAndStartAtFlagsAreCheckedUpFront() {
        String[][] cases = {
            {"--segment", "4/3", "a segment is i/n with 1 <= i <= n <= 1000"},
            {"--segment", "half", "a segment is i/n"},
            {"--start-at", "soon", "--start-at must be an ISO-8601 instant"},
            {"--start-at", Instant.now().minusSeconds(60).toString(), "in the past"},
            {"--start-at", Instant.now().plusSeconds(3 * 86400).toString(), "more than a day away"},
        };
        for (String[] c : cases) {
            Outcome o = loadtest(c[0], c[1], "--out", dir.resolve("refused").toString());
            assertThat(o.status()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(o.err()).as(String.join(" ", c)).contains(c[2]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Outcome noId = run(new LoadTestCommand().output(new PrintStream(out)), out, "--transport", "noop",
                "--segment", "1/2");
        assertThat(noId.err()).contains("--segment needs --start-at or --producer-id");
        assertThat(run(new LoadTestCommand().output(new PrintStream(out)), out, "--transport", "noop", "--segment",
                "1/2", "--producer-id", "x", "--find-max").err()).contains("it does not combine with --find-max");
        assertThat(Files.exists(dir.resolve("refused"))).isFalse();
    }

    @Test
    void aRunWaitsForStartAt() throws Exception {
        Instant at = Instant.now().plusMillis(2500);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Outcome o = run(new LoadTestCommand().output(new PrintStream(out, true, StandardCharsets.UTF_8)), out,
                "--transport", "noop", "--rate", "100", "--duration", "1s", "--segment", "2/3", "--start-at",
                at.toString(), "--out", dir.resolve("later").toString());
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("segment 2/3 waits").contains("to start at " + at);
        Instant started = Instant.parse(result("later").getString("startedAt"));
        assertThat(Math.abs(started.toEpochMilli() - at.toEpochMilli())).isLessThan(50);
        assertThat(result("later").getString("startAt")).isEqualTo(at.toString());
        // segments started together share an id without being given one
        assertThat(result("later").getString("producerId")).isEqualTo("lt-" + Long.toString(at.getEpochSecond(), 36));
    }

    private static long sum(JsonArray series, String field) {
        return series.stream().mapToLong(p -> ((JsonObject) p).getLong(field)).sum();
    }

    private static long loggedAnswers(Path run) throws Exception {
        long n = 0;
        try (InputStream in = Files.newInputStream(run.resolve("latency.hlog"))) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                n += ((Histogram) h).getTotalCount();
            }
        }
        return n;
    }
}
