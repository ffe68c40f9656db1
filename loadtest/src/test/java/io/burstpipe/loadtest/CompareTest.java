package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.cli.Cli;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadtest compare} on runs whose answer is known by construction: results written from latencies drawn from
 * chosen distributions (a seeded schedule of bursty and quiet seconds; NEW drawn afresh from the same distribution, or
 * from one slowed by a known factor), so "no difference" and "worse" are the right verdicts.
 */
@Timeout(60)
class CompareTest {

    private static final long START = 1_800_000_000_000L;
    private static final int SECONDS = 30;

    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err) {
    }

    private Outcome compare(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int status = Cli.execute(new LoadTestCompareCommand().output(new PrintStream(out, true,
                StandardCharsets.UTF_8)), Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** How a synthetic run answers: its latencies scaled by {@code slower}, drawn with {@code draws}. */
    /** ... {@code dropped} of its messages dropped by the consumer, {@code notStored} acknowledged but not stored. */
    private record Run(String name, double slower, long draws, long seed, int seconds, long dropped, long notStored,
                       int hiccup) {
        Run(String name, double slower, long draws) {
            this(name, slower, draws, 7, SECONDS, 0, 0, -1);
        }

        Run(String name, double slower, long draws, long seed, int seconds, long dropped, long notStored) {
            this(name, slower, draws, seed, seconds, dropped, notStored, -1);
        }
    }

    /**
     * Writes a result folder as a load test would: each second of a schedule where every third second is a burst (five
     * times the answers, four times the latency), latencies lognormal around 5 ms, times {@code slower}.
     */
    private Path write(Run run) throws Exception {
        Path out = dir.resolve(run.name());
        Files.createDirectories(out);
        Random random = new Random(run.draws());
        Histogram whole = new Histogram(3);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(log, true, StandardCharsets.UTF_8));
        writer.outputStartTime(START);
        writer.setBaseTime(START);
        writer.outputLegend();
        JsonArray series = new JsonArray();
        long sent = 0;
        for (int s = 0; s < run.seconds(); s++) {
            boolean burst = s % 3 == 0;
            int answers = burst ? 2500 : 500;
            Histogram second = new Histogram(3);
            for (int i = 0; i < answers; i++) {
                double ms = 5 * (burst ? 4 : 1) * Math.exp(0.4 * random.nextGaussian()) * run.slower()
                        * (s == run.hiccup() ? 10 : 1);
                second.recordValue(Math.round(ms * 1000));
            }
            writer.outputIntervalHistogram(START / 1000.0 + s, START / 1000.0 + s + 1, second, 1000.0);
            whole.add(second);
            sent += answers;
            series.add(new JsonObject().put("t", s + 1.0).put("phase", "measure").put("acked", answers)
                    .put("p99", second.getValueAtPercentile(99) / 1000.0));
        }
        JsonObject doc = new JsonObject().put("tool", "burstpipe loadtest").put("target", "http://127.0.0.1:1/messages")
                .put("transport", "http").put("seed", run.seed()).put("batchSize", 10).put("maxInflight", 64)
                .put("warmupSeconds", 0.0).put("version", "test").put("profileSettings", new JsonObject()
                        .put("kind", "burst")).put("durationSeconds", (double) run.seconds()).put("messagesLimit", 0)
                .put("linger", "PT0S").put("segment", new JsonObject().put("index", 1).put("count", 1))
                .put("startedAt", java.time.Instant.ofEpochMilli(START).toString()).put("profile", "synthetic")
                .put("totals", new JsonObject().put("sent", sent).put("acked", sent - run.dropped())
                        .put("dropped", run.dropped()).put("errors", 0).put("unanswered", 0).put("lost", run.dropped())
                        .put("stored", sent - run.dropped() - run.notStored())
                        .put("ratePerSec", (double) sent / run.seconds()))
                .put("latencyMs", new JsonObject().put("corrected", Report.latency(whole)))
                .put("histograms", new JsonObject().put("corrected", StoredHistograms.encode(whole)))
                .put("series", series);
        Files.writeString(out.resolve("result.json"), doc.encodePrettily());
        Files.writeString(out.resolve("latency.hlog"), log.toString(StandardCharsets.UTF_8));
        return out;
    }

    private String line(String out, String what) {
        return out.lines().filter(l -> l.contains(what)).findFirst().orElseThrow(() -> new AssertionError(
                "no line with '" + what + "' in\n" + out));
    }

    @Test
    void aRunDrawnAfreshFromTheSameDistributionIsNoDifference() throws Exception {
        Path base = write(new Run("base", 1.0, 1));
        Path again = write(new Run("again", 1.0, 2));
        Outcome o = compare(base.toString(), again.toString(), "--out", dir.resolve("c").toString());
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(line(o.out(), "latency p99 ms")).contains("no difference").contains("(decides)");
        assertThat(line(o.out(), "latency p50 ms")).contains("no difference");
        assertThat(o.out()).contains("NEW is not worse than BASE (10% allowed on p99; 2000 paired resamples")
                .doesNotContain("note:");
        JsonObject json = new JsonObject(Files.readString(dir.resolve("c/comparison.json")));
        assertThat(json.getBoolean("worse")).isFalse();
        assertThat(json.getBoolean("paired")).isTrue();
        assertThat(Files.readString(dir.resolve("c/comparison.html"))).contains("uPlot").contains("\"paired\":true");
    }

    @Test
    void aRunSlowedByAThirdIsWorseAndExits99() throws Exception {
        Path base = write(new Run("base", 1.0, 1));
        Path slowed = write(new Run("slowed", 1.3, 2));
        Outcome o = compare(base.toString(), slowed.toString(), "--out", dir.resolve("c").toString());
        assertThat(o.status()).as(o.out() + o.err()).isEqualTo(LoadTestCommand.THRESHOLDS_FAILED);
        String p99 = line(o.out(), "latency p99 ms");
        assertThat(p99).contains("worse");
        double change = Double.parseDouble(p99.replaceAll(".* ([+-][0-9.]+)% +worse.*", "$1"));
        assertThat(change).isBetween(20.0, 40.0);
        assertThat(line(o.out(), "latency p50 ms")).contains("worse");
        assertThat(o.out()).containsPattern("NEW is worse than BASE: p99 \\+\\d+\\.\\d% \\(95% CI \\+\\d+\\.\\d% "
                + "\\.\\. \\+\\d+\\.\\d%\\), beyond the allowed 10%");
        // allowed more than it got worse by: not worse
        Outcome tolerant = compare(base.toString(), slowed.toString(), "--max-regression", "50%", "--out",
                dir.resolve("c2").toString());
        assertThat(tolerant.status()).as(tolerant.out()).isZero();
        assertThat(line(tolerant.out(), "latency p99 ms")).contains("significant, but within 50%")
                .doesNotContain("worse [");
        // and the other way round it is better
        Outcome reverse = compare(slowed.toString(), base.toString(), "--out", dir.resolve("c3").toString());
        assertThat(reverse.status()).isZero();
        assertThat(line(reverse.out(), "latency p99 ms")).contains("better");
    }

    @Test
    void aBigChangeTheRunsOwnVariationCouldExplainIsInconclusiveNotWorse() throws Exception {
        // BASE's p99 is made by one second ten times slower than the rest; NEW is twice as slow everywhere else
        Path base = write(new Run("hiccup", 1.0, 1, 7, 8, 0, 0, 4));
        Path slowed = write(new Run("slowed", 2.0, 2, 7, 8, 0, 0, -1));
        Outcome o = compare(base.toString(), slowed.toString(), "--out", dir.resolve("c").toString());
        assertThat(o.status()).as(o.out()).isZero();
        // with 8 seconds, resamples that draw the hiccup often enough reach back within 10% even at p50
        assertThat(line(o.out(), "latency p50 ms")).contains("inconclusive [");
        assertThat(line(o.out(), "latency p99 ms")).contains("inconclusive [");
        assertThat(o.out()).contains("NEW is not shown to be worse than BASE: p99 ").contains("is inconclusive: "
                + "beyond the allowed 10%, but the interval reaches back within it, as the runs' own variation "
                + "allows; longer runs");
        // the other way round the change is a fall: inconclusive, and NEW is simply not worse
        Outcome reverse = compare(slowed.toString(), base.toString(), "--out", dir.resolve("c2").toString());
        assertThat(reverse.status()).as(reverse.out()).isZero();
        assertThat(line(reverse.out(), "latency p99 ms")).contains("inconclusive [");
        assertThat(reverse.out()).contains("NEW is not worse than BASE (10% allowed on p99");
        Comparison.Quantile q = Comparison.judge(99, 10, 20, -0.3, 1.5, 0.1, true);
        assertThat(q.verdict()).isEqualTo(Comparison.Verdict.UNCLEAR);
        assertThat(Comparison.judge(99, 10, 10.5, -0.3, 1.5, 0.1, true).verdict()).isEqualTo(Comparison.Verdict.SAME);
    }

    @Test
    void worseOnlyWhenTheWholeIntervalIsBeyondTheAllowance() {
        // two runs of one load on a busy machine: p99 23.57 ms then 25.98 ms, interval +0.6% .. +13.5%
        Comparison.Quantile rerun = Comparison.judge(99, 23.57, 25.98, 0.006, 0.135, 0.1, true);
        assertThat(rerun.verdict()).isEqualTo(Comparison.Verdict.UNCLEAR);
        assertThat(rerun.reason()).contains("p99 +10.2% (95% CI +0.6% .. +13.5%) is inconclusive");
        // the interval's low end beyond 10%: shown worse
        assertThat(Comparison.judge(99, 20, 26, 0.12, 0.45, 0.1, true).verdict()).isEqualTo(Comparison.Verdict.WORSE);
        // the mirror: better only when even the interval's high end fell by more than allowed
        assertThat(Comparison.judge(99, 26, 20, -0.45, -0.12, 0.1, true).verdict())
                .isEqualTo(Comparison.Verdict.BETTER);
        assertThat(Comparison.judge(99, 26, 20, -0.45, -0.05, 0.1, true).verdict())
                .isEqualTo(Comparison.Verdict.UNCLEAR);
        // significant, but the whole interval within the allowance
        Comparison.Quantile small = Comparison.judge(99, 20, 21, 0.02, 0.08, 0.1, true);
        assertThat(small.verdict()).isEqualTo(Comparison.Verdict.SAME);
        assertThat(small.reason()).endsWith("significant, but within 10%");
    }

    @Test
    void onlyTheChosenPercentilesDecide() throws Exception {
        Path base = write(new Run("base", 1.0, 1));
        Path slowed = write(new Run("slowed", 1.3, 2));
        Outcome o = compare(base.toString(), slowed.toString(), "--decide-on", "p50,p99.9", "--out",
                dir.resolve("c").toString());
        assertThat(o.status()).isEqualTo(LoadTestCommand.THRESHOLDS_FAILED);
        assertThat(line(o.out(), "latency p50 ms")).contains("(decides)");
        assertThat(line(o.out(), "latency p99 ms")).doesNotContain("(decides)");
    }

    @Test
    void acknowledgedMessagesLostAreWorseWhateverTheLatency() throws Exception {
        Path base = write(new Run("base", 1.0, 1));
        Path lossy = write(new Run("lossy", 1.0, 1, 7, SECONDS, 0, 3));
        Outcome o = compare(base.toString(), lossy.toString(), "--out", dir.resolve("c").toString());
        assertThat(o.status()).isEqualTo(LoadTestCommand.THRESHOLDS_FAILED);
        assertThat(o.out()).contains("NEW is worse than BASE: NEW lost 3 acknowledged messages (BASE 0)");
    }

    @Test
    void moreMessagesDroppedAreWorseBeyondATenthOfAPercent() throws Exception {
        Path base = write(new Run("base", 1.0, 1));
        // ten bursty seconds of 2500 answers and twenty of 500: 35,000 sent; 20 dropped is 0.06%, 60 is 0.17%
        Path few = write(new Run("few", 1.0, 1, 7, SECONDS, 20, 0));
        Path more = write(new Run("more", 1.0, 1, 7, SECONDS, 60, 0));
        Outcome fine = compare(base.toString(), few.toString(), "--out", dir.resolve("c1").toString());
        assertThat(fine.status()).as(fine.out()).isZero();
        Outcome worse = compare(base.toString(), more.toString(), "--out", dir.resolve("c2").toString());
        assertThat(worse.status()).isEqualTo(LoadTestCommand.THRESHOLDS_FAILED);
        assertThat(worse.out()).contains("NEW is worse than BASE: NEW did not deliver 0.17% of its messages "
                + "(BASE 0.00%)");
    }

    @Test
    void runsOfDifferentLoadsAreComparedAndSaidToBe() throws Exception {
        Path base = write(new Run("base", 1.0, 1));
        Path other = write(new Run("other", 1.0, 2, 8, SECONDS, 0, 0));
        Outcome o = compare(base.toString(), other.toString(), "--out", dir.resolve("c").toString());
        assertThat(o.out()).contains("note: seed differs: 7 in BASE, 8 in NEW")
                .contains("note: the runs are not of the same load").doesNotContain("paired resamples");
        assertThat(new JsonObject(Files.readString(dir.resolve("c/comparison.json"))).getBoolean("paired")).isFalse();
    }

    @Test
    void whatCannotBeComparedIsRefusedSayingWhy() throws Exception {
        Path base = write(new Run("base", 1.0, 1));
        Path shortRun = write(new Run("short", 1.0, 2, 7, 3, 0, 0));
        Outcome tooShort = compare(base.toString(), shortRun.toString());
        assertThat(tooShort.status()).isEqualTo(2);
        assertThat(tooShort.err()).contains("NEW").contains("has 3 measured seconds with answers; comparing needs at "
                + "least 5");
        Outcome missing = compare(base.toString(), dir.resolve("nowhere").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("nowhere: no result.json there");
        Outcome badShare = compare(base.toString(), base.toString(), "--max-regression", "ten");
        assertThat(badShare.status()).isEqualTo(2);
        assertThat(badShare.err()).contains("--max-regression must be a share from 0% to 1000%, as 10% or 0.1 "
                + "(was 'ten')");
        Outcome badGate = compare(base.toString(), base.toString(), "--decide-on", "p42");
        assertThat(badGate.err()).contains("--decide-on takes p50, p90, p99 or p99.9 (was 'p42')");
        JsonObject findMax = new JsonObject(Files.readString(base.resolve("result.json"))).put("findMax",
                new JsonObject());
        Path fm = dir.resolve("fm");
        Files.createDirectories(fm);
        Files.writeString(fm.resolve("result.json"), findMax.encode());
        Files.copy(base.resolve("latency.hlog"), fm.resolve("latency.hlog"));
        assertThat(compare(base.toString(), fm.toString()).err()).contains("is a --find-max result");
    }

    @Test
    void aResampleOfOneSecondReadsItsPercentilesAsHdrHistogramDoes() {
        Random random = new Random(3);
        Histogram h = new Histogram(3);
        for (int i = 0; i < 10_007; i++) {
            h.recordValue(1 + (long) (Math.abs(random.nextGaussian()) * 20_000));
        }
        double[] percentiles = {1, 50, 90, 99, 99.9, 99.99, 100};
        double[] read = new BlockBootstrap(List.of(h)).replicate(percentiles, 1, 1, new SplittableRandom(1))[0];
        for (int p = 0; p < percentiles.length; p++) {
            assertThat(read[p]).as("p%s", percentiles[p]).isEqualTo(h.getValueAtPercentile(percentiles[p]) / 1000.0);
        }
    }

    @Test
    void pairedResamplesOfIdenticalRunsNeverDiffer() {
        List<Histogram> seconds = new ArrayList<>();
        Random random = new Random(4);
        for (int s = 0; s < 20; s++) {
            Histogram h = new Histogram(3);
            for (int i = 0; i < 100 * (1 + s % 4); i++) {
                h.recordValue(1000 + random.nextInt(50_000 * (1 + s % 4)));
            }
            seconds.add(h);
        }
        double[] percentiles = {50, 99};
        double[][] a = new BlockBootstrap(seconds).replicate(percentiles, 500, 20, new SplittableRandom(1));
        double[][] b = new BlockBootstrap(seconds).replicate(percentiles, 500, 20, new SplittableRandom(1));
        double[][] unpaired = new BlockBootstrap(seconds).replicate(percentiles, 500, 20, new SplittableRandom(2));
        assertThat(a).isDeepEqualTo(b);
        assertThat(a).isNotEqualTo(unpaired);
        long distinct = java.util.Arrays.stream(a).mapToDouble(r -> r[1]).distinct().count();
        assertThat(distinct).as("resamples vary").isGreaterThan(20);
    }
}
