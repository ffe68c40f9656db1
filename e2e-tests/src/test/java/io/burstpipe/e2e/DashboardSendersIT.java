package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The senders' side of the dashboard, with a real producer process reporting its own figures to a real consumer
 * process, in headless Chromium. By construction: bursts of 4000 msgs/s for 1 s every 6 s into one writer at 10 ms a
 * batch of 10 (at most 1000 msgs/s), so the offered load is four times what is stored at the peak, the producer is
 * held back while each burst drains, and its on/off periods are known to the millisecond.
 */
@ExtendWith(Chromium.class)
@Timeout(150)
class DashboardSendersIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private static double js(WebDriver browser, String script) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script)).doubleValue();
    }

    private static String max(String chart, int column) {
        return "const s = window.burstpipe.charts['" + chart + "'].plot.data[" + column + "];"
                + " return Math.max.apply(null, s.map(v => v || 0));";
    }

    @Test
    void theProducersOfferedLoadHeldBackTimeAndBurstsAppearAndAddUp(ChromeDriver browser) throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, "--store-dir", dir.resolve("store").toString(),
                "--writers", "1", "--batch-size", "10", "--store-latency", "10ms", "--store-jitter", "0",
                "--queue-capacity", "10").awaitReady(Duration.ofSeconds(60))) {
            long before = System.currentTimeMillis();
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, "--profile", "burst", "--rate", "20",
                    "--peak-rate", "4000", "--burst-on", "1s", "--burst-off", "5s", "--arrivals", "uniform",
                    "--duration", "30s", "--batch-size", "50", "--window", "2")) {
                browser.get("http://127.0.0.1:" + port + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(40));
                wait.until(d -> js(d, "return window.burstpipe.bursts.length") == 1);
                JsonObject senders = consumer.stats().getJsonObject("senders");
                assertThat(senders.getInteger("producers")).isEqualTo(1);
                assertThat(senders.getInteger("window")).isEqualTo(2);
                JsonObject burst = senders.getJsonArray("bursts").getJsonObject(0);
                assertThat(burst.getLong("onMillis")).isEqualTo(1000);
                assertThat(burst.getLong("offMillis")).isEqualTo(5000);
                assertThat(burst.getLong("startMillis")).isBetween(before, System.currentTimeMillis());
                assertThat(browser.findElement(By.id("offered-source")).getText())
                        .startsWith("the producers' own schedules (burst 4000 msgs/s for 1000 ms");

                // two bursts in: offered far above stored at the peak, and the producer held back a share of seconds
                wait.until(d -> js(d, max("chart-rates", 1)) > 1500 && js(d, max("chart-delay", 3)) > 30);
                assertThat(js(browser, max("chart-rates", 1))).as("offered peak against stored peak")
                        .isGreaterThan(1.5 * js(browser, max("chart-rates", 4)));
                assertThat(js(browser, max("chart-requests", 1))).as("producers' requests in flight").isEqualTo(2);
                wait.until(d -> "store".equals(d.findElement(By.id("now")).getAttribute("class"))
                        && d.findElement(By.id("now")).getText().contains("senders held back"));
                assertThat(browser.findElement(By.id("now")).getText()).startsWith("STORE-BOUND: ")
                        .containsPattern("senders held back \\d+% of the time \\(last \\d+ s\\)$");
                assertThat(browser.findElement(By.id("flow-senders")).getText()).contains("msgs/s offered")
                        .containsPattern("held back \\d+% of the last \\d+ s").contains("requests");
                Path shot = Path.of("target", "dashboard-senders-burst.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

                // a bad report is refused with what is wrong, and the consumer keeps serving
                HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/producers/report"))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"producer\":\"x\",\"offered\":-3}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(new JsonObject(bad.body()).getString("error")).startsWith("bad producer report: ")
                        .contains("must be");
                assertThat(consumer.status("/health/ready")).isEqualTo(200);

                assertThat(producer.awaitExit(Duration.ofSeconds(90))).as(producer.log()).isZero();
                ProducerSummary summary = ProducerSummary.parse(producer.log());
                // the last report, sent as the producer stops: its schedule offered exactly what it generated
                Awaitility.await("the producer's final report").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> consumer.stats().getJsonObject("senders", new JsonObject())
                                .getLong("offered", -1L) == summary.generated());
                assertThat(consumer.stats().getJsonObject("senders").getLong("sent")).isEqualTo(summary.generated());
                assertThat(summary.acked()).isEqualTo(summary.generated());
            }
            assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
        }
    }
}
