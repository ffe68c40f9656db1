package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * A Kafka target whose consumer group the load test changes, against a real broker: {@code --start-consumer} with
 * {@code --transport kafka} starts the first consumer, a {@code join} fault starts a second in the same group, which
 * must take some of the partitions and store some of the run's records, and a {@code leave} fault stops it again. The
 * ids are counted over both stores, each once: nothing acknowledged may be missing. And a sweep of the pause/resume
 * water marks against a consumer the load overruns: a narrow gap between them must pause far more often than a wide
 * one, and the pick is the setting that drained first.
 */
@ExtendWith({KafkaBroker.class, Chromium.class})
@Timeout(300)
class KafkaGroupFaultIT {

    @TempDir
    Path dir;

    private static String suffix() {
        return ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
    }

    @Test
    void aMemberThatJoinsTakesPartitionsAndLeavesWithNothingLost() throws Exception {
        String s = suffix();
        Path out = dir.resolve("group");
        String log;
        // unkeyed records fill one partition's batch before the next: small batches spread them over all six within
        // the member's few seconds in the group
        try (ServiceProcess run = ServiceProcess.loadtest(dir, "--transport", "kafka", "--kafka-bootstrap",
                KafkaBroker.bootstrap(), "--kafka-topic", "group-" + s, "--kafka-group", "g-" + s, "--kafka-key",
                "none", "--kafka-batch-bytes", "4096", "--start-consumer", "--store-latency 2ms --store-jitter 0ms "
                        + "--batch-size 50", "--profile", "steady", "--rate", "500", "--duration", "20s", "--fault",
                "2s:join", "--fault", "16s:leave", "--threshold", "loss==0", "--out", out.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(150))).as(run.log()).isZero();
            log = run.log();
        }
        assertThat(log).containsPattern("fault 1 at 2\\.\\d s: join: member 2 started: pid \\d+ at "
                        + "http://127\\.0\\.0\\.1:\\d+, store and log in .*member-2; 2 consumers in the group")
                .containsPattern("fault 2 at \\d+\\.\\d s: leave: member 2: stopped pid \\d+ \\(SIGTERM\\) in [\\d.]+ "
                        + "s, exit code 0; 1 consumers in the group")
                .contains("loss check: sent 10000, acknowledged 10000, stored 10000 (counted by the consumer's store)")
                .contains("loss check: acknowledged but not in the store: 0: OK")
                .contains("the consumer group changed during the run (fault join)");
        Matcher shares = Pattern.compile("group: the consumers' stores hold (\\d+) of this run's ids together \\(each "
                + "once\\): first (\\d+), member 2 (\\d+)").matcher(log);
        assertThat(shares.find()).as(log).isTrue();
        long first = Long.parseLong(shares.group(2));
        long second = Long.parseLong(shares.group(3));
        assertThat(Long.parseLong(shares.group(1))).isEqualTo(10000);
        // half the partitions for the seconds between its start and 16 s: hundreds of the 250 msgs/s they take
        assertThat(second).as("records the member that joined stored").isGreaterThanOrEqualTo(100);
        assertThat(first + second).as("a record stored by both counts once in the 10000").isGreaterThanOrEqualTo(10000);

        // each store, read afresh from its log, holds what the run counted in it
        JsonObject doc = new JsonObject(Files.readString(out.resolve("result.json")));
        String producer = doc.getString("producerId");
        assertThat(StoreCheck.embedded(out.resolve("consumer/store"), producer).ids()).isEqualTo(first);
        assertThat(StoreCheck.embedded(out.resolve("consumer/member-2/store"), producer).ids()).isEqualTo(second);

        // every consumer the run started is gone
        assertThat(ServiceProcess.assertStartedAreGone(log, "(?:consumer started: pid|member 2 started: pid) "
                + "(\\d+)")).isEqualTo(2);
    }

    @Test
    void aNarrowWaterMarkGapFlapsAndTheSweepPicksTheFastestDrain(ChromeDriver browser) throws Exception {
        String s = suffix();
        Path out = dir.resolve("marks");
        String log;
        // 10 messages per 20 ms write is 500 msgs/s against 1000 sent: every setting must pause and drain after. Polls
        // of at most 20 records leave the water marks in charge: paused at 150, the queue drains 100 messages (200
        // ms) before it resumes at 50; paused at 30, it resumes after half a write, at 25
        try (ServiceProcess run = ServiceProcess.loadtest(dir, "--transport", "kafka", "--kafka-bootstrap",
                KafkaBroker.bootstrap(), "--kafka-topic", "marks-" + s, "--kafka-group", "g-" + s, "--kafka-key",
                "none", "--start-consumer", "--store-latency 20ms --store-jitter 0ms --batch-size 10 --queue-capacity "
                        + "200 --kafka-max-poll-records 20", "--profile", "steady", "--rate", "1000", "--duration",
                "6s", "--drain-timeout", "60s", "--sweep", "water-marks=150/50,30/25", "--out", out.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(240))).as(run.log()).isZero();
            log = run.log();
        }
        assertThat(log).contains("sweep: water-marks=150/50: consumer stopped pid")
                .containsPattern("sweep: water-marks=30/25: p99 [\\d.]+ ms, .* drained in \\d+ ms, \\d+ pauses")
                .containsPattern("sweep: water-marks +p99 ms .* drain ms +pauses +front")
                .contains("sweep: * = on the Pareto front of drain time and Kafka pauses");
        JsonObject sweep = new JsonObject(Files.readString(out.resolve("sweep.json")));
        assertThat(sweep.getString("goal")).isEqualTo("fastest-drain");
        JsonArray rows = sweep.getJsonArray("settings");
        assertThat(rows).hasSize(2);
        for (Object o : rows) {
            JsonObject row = (JsonObject) o;
            assertThat(row.getLong("kafkaPauses")).as(row.encodePrettily()).isPositive();
            assertThat(row.getLong("drainMillis")).as("6000 sent at twice what the store takes").isGreaterThan(1000);
            assertThat(row.getLong("undelivered")).isZero();
            assertThat(row.getLong("notStored")).isZero();
        }
        assertThat(rows.getJsonObject(1).getLong("kafkaPauses")).as("pauses with a gap of 5 against one of 100")
                .isGreaterThanOrEqualTo(2 * rows.getJsonObject(0).getLong("kafkaPauses"));
        JsonObject fastest = rows.stream().map(JsonObject.class::cast).min(Comparator.comparingLong(
                r -> r.getLong("drainMillis"))).orElseThrow();
        assertThat(sweep.getString("recommended")).isEqualTo(fastest.getString("value"));
        assertThat(Files.isRegularFile(out.resolve("water-marks-150-50/result.json"))).isTrue();

        browser.get(out.resolve("sweep.html").toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!(window.burstpipeReport && window.burstpipeReport.ready)")));
        assertThat(browser.findElement(By.cssSelector("#summary tr")).getText()).contains("Kafka pauses");
        assertThat(browser.findElement(By.cssSelector("tr.recommended")).getText()).startsWith(fastest.getString(
                "value") + " (recommended)");
        assertThat(browser.findElements(By.cssSelector("#tradeoff circle.setting"))).hasSize(2);
        assertThat(browser.findElement(By.id("tradeoff-caption")).getText()).startsWith("The trade-off: the group's "
                + "drain after the last send (ms) against how often the consumer paused its partitions");
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
        Path shot = Path.of("target", "kafka-water-mark-sweep.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }
}
