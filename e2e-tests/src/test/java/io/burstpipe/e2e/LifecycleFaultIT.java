package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Lifecycle faults as a user runs them: {@code loadtest --start-consumer} starts its own consumer, SIGKILLs it
 * mid-run, starts it again on the same store, later stops it with SIGTERM and starts it once more. Requests in
 * flight at the kill fail (the sender knows), but nothing the consumer acknowledged may be missing from its store,
 * checked by the run and again by a fresh consumer opened on that store afterwards; and the run stops every consumer
 * it started.
 */
@Timeout(240)
@ExtendWith(Chromium.class)
class LifecycleFaultIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void aKilledAndRestartedConsumerLosesNothingItAcknowledged(ChromeDriver browser) throws Exception {
        Path out = dir.resolve("run");
        String log;
        try (ServiceProcess run = ServiceProcess.loadtest(dir, "--start-consumer", "--store-latency 2ms "
                        + "--store-jitter 0ms --batch-size 100 --queue-capacity 1000", "--profile", "steady", "--rate",
                "500", "--duration", "24s", "--warmup", "1s", "--fault", "3s:kill", "--fault", "4s:restart",
                "--fault", "12s:term", "--fault", "13s:restart", "--out", out.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(150))).as(run.log()).isZero();
            log = run.log();
        }
        assertThat(log).containsPattern("consumer started: pid \\d+ at http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("fault 1 at 3\\.\\d s: kill: killed pid \\d+ \\(SIGKILL\\)")
                .containsPattern("fault 2 at \\d+\\.\\d s: restart: started pid \\d+, ready in")
                .containsPattern("fault 3 at \\d+\\.\\d s: term: stopped pid \\d+ \\(SIGTERM\\) in [\\d.]+ s, exit "
                        + "code 0")
                .containsPattern("fault 4 at \\d+\\.\\d s: restart: started pid \\d+, ready in")
                .contains("loss check: acknowledged but not in the store: 0: OK");

        JsonObject doc = new JsonObject(Files.readString(out.resolve("result.json")));
        JsonObject totals = doc.getJsonObject("totals");
        assertThat(totals.getLong("errors")).as("requests in flight at the kill, and sent while it was down, fail")
                .isPositive();
        assertThat(totals.getLong("stored")).as(totals.encodePrettily()).isGreaterThanOrEqualTo(
                totals.getLong("acked"));
        assertThat(doc.getJsonObject("bottleneck").getString("stage")).isEqualTo("unknown");
        assertThat(doc.getJsonObject("bottleneck").getString("reason")).contains("fault kill")
                .contains("no stage is named");
        assertThat(doc.getJsonArray("startedConsumer")).contains("--store-latency", "2ms");
        JsonArray faults = doc.getJsonArray("faults");
        assertThat(faults).hasSize(4);
        assertThat(faults.stream().map(f -> ((JsonObject) f).getBoolean("ok"))).containsOnly(true);
        // the consumer served again after each restart: acknowledgements after the second restart began (the
        // consumer before it was stopped)
        double lastRestart = faults.getJsonObject(3).getDouble("t");
        long ackedLate = doc.getJsonArray("series").stream().map(JsonObject.class::cast)
                .filter(p -> p.getDouble("t") > lastRestart + 1).mapToLong(p -> p.getLong("acked", 0L)).sum();
        assertThat(ackedLate).as("acknowledged in the seconds after the last restart").isPositive();

        // the report draws the four faults on its time charts; with no thresholds it claims no pass
        browser.get(out.resolve("report.html").toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!(window.burstpipeReport && window.burstpipeReport.ready)")));
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("no thresholds given · "
                + totals.getLong("lost") + " messages not acknowledged");
        assertThat(browser.findElement(By.id("details")).getText()).contains("Faults").contains("kill")
                .contains("restart").contains("term");
        long hooked = (Long) ((JavascriptExecutor) browser).executeScript("return window.burstpipeReport.charts"
                + ".filter(function (u) { return (u.hooks.draw || []).length > 0; }).length");
        assertThat(hooked).as("charts that draw the fault marks").isEqualTo(3);
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();

        // every consumer the run started is gone
        assertThat(ServiceProcess.assertStartedAreGone(log, "(?:consumer started: pid|started pid) (\\d+)"))
                .isEqualTo(3);

        // a fresh consumer on the same store finds every acknowledged message
        String producer = doc.getString("producerId");
        int port = ServiceProcess.freePort();
        try (ServiceProcess again = ServiceProcess.consumer(dir, port, "--store-dir", out.resolve("consumer/store")
                .toString()).awaitReady(Duration.ofSeconds(60))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/stats/stored?producer=" + URLEncoder.encode(producer, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            long stored = new JsonObject(r.body()).getLong("stored");
            assertThat(stored).as("ids of %s in the store after the run", producer).isEqualTo(totals.getLong("stored"))
                    .isGreaterThanOrEqualTo(totals.getLong("acked"));
            HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/stats/stored")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("needs ?producer=ID");
        }
    }
}
