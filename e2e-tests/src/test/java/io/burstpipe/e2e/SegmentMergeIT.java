package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.loadtest.StoredHistograms;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Load from several generators, merged exactly: three {@code loadtest --segment i/3} processes started together with
 * {@code --start-at} against one real consumer, against one unsegmented run of the same flags against another. The
 * consumers' stores must hold the same messages (ids and values), the merged result the same count and about the
 * same rate, and its p99 must be that of the union of the three segments' histograms; the merged report opens in
 * Chromium with its charts.
 */
@Timeout(300)
@ExtendWith(Chromium.class)
class SegmentMergeIT {

    // full batches (a linger that lets 10 messages share a request) keep each segment near its schedule: a
    // generator more than a second behind at the end stops there, and the segments would not add up to the whole
    private static final List<String> LOAD = List.of("--profile", "burst", "--rate", "500", "--peak-rate", "3000",
            "--burst-on", "1s", "--burst-off", "2s", "--duration", "8s", "--warmup", "1s", "--seed", "21",
            "--producer-id", "seg", "--batch-size", "10", "--linger", "20ms", "--max-inflight", "16",
            "--threshold", "loss==0", "--threshold", "p99[2s]<10s");

    @TempDir
    Path dir;

    private ServiceProcess consumer(String name, int port) throws Exception {
        return ServiceProcess.consumer(dir, port, "--store-dir", dir.resolve(name).toString(), "--store-latency",
                "1ms", "--store-jitter", "0ms", "--batch-size", "100", "--queue-capacity", "1000")
                .awaitReady(Duration.ofSeconds(60));
    }

    private ServiceProcess loadtest(int port, String out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", "http://127.0.0.1:" + port, "--out",
                dir.resolve(out).toString()));
        args.addAll(LOAD);
        args.addAll(List.of(extra));
        return ServiceProcess.loadtest(dir, args.toArray(String[]::new));
    }

    /** seq -> value of every message of producer {@code seg} the stopped consumer's embedded log holds. */
    private Map<Long, Integer> stored(String store) throws Exception {
        Map<Long, Integer> out = new TreeMap<>();
        try (var lines = Files.lines(dir.resolve(store).resolve("messages.log"))) {
            lines.map(l -> l.split("\t")).filter(f -> f[1].equals("seg"))
                    .forEach(f -> assertThat(out.put(Long.parseLong(f[0]), Integer.parseInt(f[2])))
                            .as("seq %s stored once", f[0]).isNull());
        }
        return out;
    }

    private JsonObject result(String name) throws Exception {
        return new JsonObject(Files.readString(dir.resolve(name).resolve("result.json")));
    }

    @Test
    void threeSegmentsMergedAreOneUnsegmentedRun(ChromeDriver browser) throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = consumer("segmented-store", port)) {
            String at = Instant.now().plusSeconds(10).toString();
            List<ServiceProcess> segments = new ArrayList<>();
            try {
                for (int i = 1; i <= 3; i++) {
                    segments.add(loadtest(port, "s" + i, "--segment", i + "/3", "--start-at", at));
                }
                for (ServiceProcess s : segments) {
                    assertThat(s.awaitExit(Duration.ofSeconds(90))).as(s.log()).isZero();
                    assertThat(s.log()).contains("waits").contains("to start at " + at);
                }
            } finally {
                for (ServiceProcess s : segments) {
                    s.close();
                }
            }
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(30))).as(consumer.log()).isZero();
        }
        ServiceProcess merge = ServiceProcess.start("merge", dir, Map.of(), -1, List.of("loadtest", "merge",
                dir.resolve("s3").toString(), dir.resolve("s1").toString(), dir.resolve("s2").toString(), "--out",
                dir.resolve("merged").toString()));
        assertThat(merge.awaitExit(Duration.ofSeconds(60))).as(merge.log()).isZero();
        assertThat(merge.log()).containsPattern("started within \\d{1,3} ms of each other")
                .contains("threshold passed: loss==0").contains("lost 0: OK");

        int other = ServiceProcess.freePort();
        try (ServiceProcess consumer = consumer("whole-store", other)) {
            ServiceProcess whole = loadtest(other, "whole");
            assertThat(whole.awaitExit(Duration.ofSeconds(90))).as(whole.log()).isZero();
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(30))).as(consumer.log()).isZero();
        }

        JsonObject merged = result("merged");
        JsonObject whole = result("whole");
        for (String s : new String[] {"s1", "s2", "s3"}) {
            // each segment counts its own ids in the shared consumer, whenever the others end
            JsonObject totals = result(s).getJsonObject("totals");
            assertThat(totals.getLong("stored")).as(s).isEqualTo(totals.getLong("acked"));
            assertThat(totals.getString("storedScope")).as(s).isEqualTo("segment");
        }
        long sent = whole.getJsonObject("totals").getLong("sent");
        assertThat(merged.getJsonObject("totals").getLong("sent")).isEqualTo(sent).isGreaterThan(8000);
        assertThat(merged.getJsonObject("totals").getLong("acked")).isEqualTo(sent);
        Map<Long, Integer> segmented = stored("segmented-store");
        assertThat(segmented).hasSize((int) sent).isEqualTo(stored("whole-store"));
        assertThat(merged.getJsonObject("totals").getDouble("ratePerSec"))
                .isCloseTo(whole.getJsonObject("totals").getDouble("ratePerSec"), Percentage.withPercentage(5));

        Histogram union = new Histogram(3);
        for (String s : new String[] {"s1", "s2", "s3"}) {
            union.add(StoredHistograms.decode(result(s).getJsonObject("histograms").getString("corrected")));
        }
        assertThat(merged.getJsonObject("latencyMs").getJsonObject("corrected").getDouble("p99"))
                .isEqualTo(union.getValueAtPercentile(99) / 1000.0);
        assertThat(merged.getJsonObject("latencyMs").getJsonObject("corrected").getLong("count"))
                .isEqualTo(union.getTotalCount());

        browser.get(dir.resolve("merged/report.html").toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!(window.burstpipeReport && window.burstpipeReport.ready)")));
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(4);
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("PASSED");
        assertThat(browser.findElement(By.id("details")).getText()).contains("Merged from 3 segments")
                .contains("1/3").contains("3/3");
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
        Path shot = Path.of("target", "segment-merge-report.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }
}
