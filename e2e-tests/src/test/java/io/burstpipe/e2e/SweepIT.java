package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
 * {@code loadtest --sweep overflow=...} against a real consumer where the ranking is known by construction: a store
 * that writes 500 msgs/s (10 per 20 ms write) behind a queue of 100, and bursts of 1,500 msgs/s. Blocking must lose
 * nothing and hold the senders back with by far the highest p99; the drops must drop and keep p99 low; reject must
 * refuse. The no-loss goal must pick block, the consumer's own policy must be back afterwards, and the sweep page
 * must open in Chromium with its trade-off chart.
 */
@Timeout(300)
@ExtendWith(Chromium.class)
class SweepIT {

    @TempDir
    Path dir;

    /** The sweep's rows by setting, each checked to have lost nothing acknowledged and to have its result file. */
    private static Map<String, JsonObject> byValue(JsonObject sweep) {
        Map<String, JsonObject> by = new HashMap<>();
        for (Object o : sweep.getJsonArray("settings")) {
            JsonObject s = (JsonObject) o;
            by.put(s.getString("value"), s);
            assertThat(s.getLong("notStored")).as(s.getString("value") + ": acknowledged and not stored").isZero();
            assertThat(Files.isRegularFile(Path.of(s.getString("result")))).as(s.getString("result")).isTrue();
        }
        return by;
    }

    @Test
    void theOverflowPoliciesRankAsTheirDesignSays(ChromeDriver browser) throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, "--store-dir", dir.resolve("store")
                .toString(), "--store-latency", "20ms", "--store-jitter", "0ms", "--batch-size", "10",
                "--queue-capacity", "100", "--overflow", "reject", "--control-token", "t")
                .awaitReady(Duration.ofSeconds(60))) {
            try (ServiceProcess wrong = ServiceProcess.loadtest(dir, "--target", "http://127.0.0.1:" + port,
                    "--control-token", "wrong", "--sweep", "overflow=block,reject", "--duration", "5s", "--out",
                    dir.resolve("wrong").toString())) {
                assertThat(wrong.awaitExit(Duration.ofSeconds(60))).as(wrong.log()).isEqualTo(1);
                assertThat(wrong.log()).contains("answered 401 (wrong or missing --control-token)")
                        .doesNotContain("warm-up:");
            }
            try (ServiceProcess sweep = ServiceProcess.loadtest(dir, "--target", "http://127.0.0.1:" + port,
                    "--control-token", "t", "--profile", "burst", "--rate", "100", "--peak-rate", "1500", "--burst-on",
                    "1s", "--burst-off", "4s", "--duration", "10s", "--seed", "3", "--sweep",
                    "overflow=block,reject,drop-newest,drop-oldest", "--out", dir.resolve("sweep").toString())) {
                assertThat(sweep.awaitExit(Duration.ofSeconds(200))).as(sweep.log()).isZero();
                assertThat(sweep.log()).contains("sweep: recommendation for nothing undelivered, then the lowest p99: "
                        + "overflow=block").contains("the consumer's overflow policy is back to reject");
            }
            assertThat(consumer.stats().getString("policy")).isEqualTo("reject");
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(30))).as(consumer.log()).isZero();
        }
        JsonObject doc = new JsonObject(Files.readString(dir.resolve("sweep/sweep.json")));
        Map<String, JsonObject> by = byValue(doc);
        JsonObject block = by.get("block");
        assertThat(block.getLong("undelivered")).isZero();
        assertThat(block.getLong("heldBack")).isPositive();
        for (String drop : new String[] {"drop-newest", "drop-oldest"}) {
            assertThat(by.get(drop).getLong("dropped")).as(drop).isPositive();
            assertThat(by.get(drop).getDouble("p99Ms")).as(drop).isLessThan(block.getDouble("p99Ms") / 3);
        }
        assertThat(by.get("reject").getLong("refused")).isPositive();
        assertThat(by.get("reject").getDouble("p99Ms")).isLessThan(block.getDouble("p99Ms"));
        assertThat(block.getBoolean("onFront")).isTrue();
        assertThat(block.getBoolean("recommended")).isTrue();
        assertThat(doc.getString("recommended")).isEqualTo("block");

        browser.get(dir.resolve("sweep/sweep.html").toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!(window.burstpipeReport && window.burstpipeReport.ready)")));
        assertThat(browser.findElements(By.cssSelector("#tradeoff circle.setting"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("tr.recommended")).getText()).startsWith("block (recommended)");
        assertThat(browser.findElement(By.id("verdict")).getText()).startsWith("Recommendation for nothing "
                + "undelivered");
        JsonArray rows = doc.getJsonArray("settings");
        assertThat(browser.findElements(By.cssSelector("#summary tr"))).hasSize(rows.size() + 1);
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
        Path shot = Path.of("target", "sweep-report.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * {@code --sweep queue-capacity=10,2000} against a consumer the load test starts and starts again with each
     * capacity: with reject and the same slow store, the small queue refuses much of each burst and keeps p99 low,
     * the large one refuses nothing and queues the bursts (p99 far higher); the no-loss goal must pick 2000.
     */
    @Test
    void aLargerQueueTradesRefusalsForLatency() throws Exception {
        String log;
        try (ServiceProcess sweep = ServiceProcess.loadtest(dir, "--start-consumer", "--overflow reject "
                        + "--store-latency 20ms --store-jitter 0ms --batch-size 10", "--profile", "burst", "--rate",
                "100", "--peak-rate", "1500", "--burst-on", "1s", "--burst-off", "3s", "--duration", "8s", "--seed",
                "3",
                "--sweep", "queue-capacity=10,2000", "--out", dir.resolve("capacity").toString())) {
            assertThat(sweep.awaitExit(Duration.ofSeconds(200))).as(sweep.log()).isZero();
            log = sweep.log();
        }
        assertThat(log).containsPattern("sweep: queue-capacity=10: consumer stopped pid \\d+ \\(SIGTERM\\).*; "
                        + "started pid \\d+, ready in")
                .containsPattern("sweep: queue-capacity=2000: consumer stopped pid \\d+ .*started pid \\d+")
                .contains("sweep: recommendation for nothing undelivered, then the lowest p99: queue-capacity=2000");
        JsonObject doc = new JsonObject(Files.readString(dir.resolve("capacity/sweep.json")));
        Map<String, JsonObject> by = byValue(doc);
        JsonObject small = by.get("10");
        JsonObject large = by.get("2000");
        assertThat(small.getLong("refused")).as(small.encodePrettily()).isPositive();
        assertThat(large.getLong("refused")).as(large.encodePrettily()).isZero();
        assertThat(small.getDouble("p99Ms")).isLessThan(large.getDouble("p99Ms") / 3);
        assertThat(doc.getString("recommended")).isEqualTo("2000");
        assertThat(Files.readString(dir.resolve("capacity/queue-capacity-2000/result.json")))
                .contains("\"queueCapacity\" : 2000");
        java.util.regex.Matcher pids = java.util.regex.Pattern.compile("started:? pid (\\d+)").matcher(log);
        while (pids.find()) {
            long pid = Long.parseLong(pids.group(1));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("consumer pid %d", pid)
                    .isFalse();
        }
    }
}
