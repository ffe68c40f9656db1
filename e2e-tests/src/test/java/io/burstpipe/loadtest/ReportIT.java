package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.cli.Cli;
import io.burstpipe.e2e.Chromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The load-test report as a user opens it: a file in real headless Chromium, offline. */
@Timeout(120)
@ExtendWith(Chromium.class)
class ReportIT {

    @TempDir
    Path dir;

    @Test
    void theReportOpensOfflineAndDrawsItsCharts(ChromeDriver browser) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Cli.execute(new LoadTestCommand().output(new PrintStream(out, true, StandardCharsets.UTF_8)),
                Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "--transport", "noop", "--profile", "burst", "--rate", "200", "--peak-rate", "3000",
                "--burst-on", "500ms", "--burst-off", "1s", "--duration", "4s", "--threshold", "loss==0",
                "--out", dir.resolve("report").toString());
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        Path html = dir.resolve("report/report.html");
        String page = Files.readString(html);
        // self-contained: no script or stylesheet fetched from anywhere
        assertThat(page).doesNotContain("<script src").doesNotContain("<link ");

        browser.get(html.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!(window.burstpipeReport && window.burstpipeReport.ready)")));
        List<?> sizes = (List<?>) ((JavascriptExecutor) browser).executeScript(
                "return window.burstpipeReport.charts.map(u => u.data[0].length)");
        assertThat(sizes).hasSize(4);
        // rate, queue and latency charts have one point a second; the distribution has the percentile rows
        assertThat(((Number) sizes.get(0)).intValue()).isGreaterThanOrEqualTo(4);
        assertThat(((Number) sizes.get(3)).intValue()).isGreaterThan(10);
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(4);
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("PASSED");
        assertThat(browser.findElement(By.id("details")).getText()).contains("Thresholds").contains("loss==0")
                .contains("Bottleneck");
        assertThat(browser.findElement(By.id("summary")).getText()).contains("from intended send (corrected)");
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
    }
}
