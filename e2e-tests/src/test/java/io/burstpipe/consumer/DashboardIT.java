package io.burstpipe.consumer;

import io.burstpipe.consumer.core.ConnectionLimits;
import io.burstpipe.store.SlowStoreSettings;
import io.burstpipe.consumer.core.ConsumerConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The live dashboard in real headless Chromium: it loads offline, draws its charts, and their data advances. */
@Timeout(120)
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dash-token";

    @TempDir
    Path dir;

    private ConsumerApp app;
    private ChromeDriver browser;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private Thread sender;
    private long startedNanos;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI must install chromium and chromium-driver (see .ci/run)");
            }
            Assumptions.abort("chromium / chromedriver not installed");
        }
        ConsumerConfig config = ConsumerConfig.defaults().withPort(0)
                .withQueue(new ConsumerConfig.Queue(50, OverflowPolicy.BLOCK, 10, 1))
                .withHttp(new ConsumerConfig.HttpIntake(1000, 4 << 20, 64, ConnectionLimits.DEFAULTS))
                .withStore(new ConsumerConfig.Embedded(dir.resolve("store")))
                .withSlow(new SlowStoreSettings(Duration.ofMillis(5), Duration.ZERO, 0))
                .withDrainTimeout(Duration.ofSeconds(10)).withControlToken(TOKEN);
        app = new ConsumerApp(config).start();
        startedNanos = System.nanoTime();
        sender = new Thread(this::sendForAMinute, "dashboard-load");
        sender.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1200",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    }

    /** A steady trickle of batches on loopback, bounded in time, so the charts have something to show. */
    private void sendForAMinute() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long seq = 0;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sending.get() && System.nanoTime() < end) {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++, seq++) {
                batch.add(Message.of("dash", seq, 1 + (int) (seq % 100), System.currentTimeMillis() * 1000));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/messages"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(MessageJson.array(batch))).build(),
                        HttpResponse.BodyHandlers.discarding());
                Thread.sleep(50);
            } catch (Exception e) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        sending.set(false);
        if (browser != null) {
            try {
                assertThat(severeBrowserLogs()).as("failed requests or errors in the page").isEmpty();
            } finally {
                browser.quit();
            }
        }
        if (sender != null) {
            sender.join(15_000);
        }
        if (app != null) {
            app.requestStop();
            assertThat(app.awaitTermination(java.time.Duration.ofSeconds(30))).isZero();
        }
    }

    private long updates() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return window.burstpipe.updates")).longValue();
    }

    @Test
    void chartsRenderAndTheirDataAdvances() throws Exception {
        // the page opens after 30 s of traffic and shows those 30 s at once, not an empty chart
        org.awaitility.Awaitility.await("30 s of traffic").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> System.nanoTime() - startedNanos >= Duration.ofSeconds(30).toNanos());
        browser.get("http://127.0.0.1:" + app.port() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return window.burstpipe && window.burstpipe.updates >= 1"));
        Number atOnce = (Number) ((JavascriptExecutor) browser).executeScript(
                "return window.burstpipe.charts['chart-rates'].plot.data[0].length");
        assertThat(atOnce.intValue()).as("seconds of history on the first paint").isGreaterThanOrEqualTo(29);
        // the queue depth comes ten times a second, and its history too
        @SuppressWarnings("unchecked")
        List<Number> depthTimes = (List<Number>) ((JavascriptExecutor) browser).executeScript(
                "return window.burstpipe.charts['chart-queue'].plot.data[0]");
        assertThat(depthTimes.size()).as("depth points on the first paint").isGreaterThanOrEqualTo(290);
        double span = depthTimes.get(depthTimes.size() - 1).doubleValue() - depthTimes.get(0).doubleValue();
        assertThat(span / (depthTimes.size() - 1)).as("seconds between depth points").isBetween(0.09, 0.13);
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return window.burstpipe.updates >= 2"));
        // legends show the latest values without hovering, and every axis of values has its unit
        List<String> legendValues = browser.findElements(By.cssSelector("#chart-rates .u-legend .u-value")).stream()
                .map(WebElement::getText).toList();
        assertThat(legendValues).hasSize(5).noneMatch(v -> v.startsWith("--"));
        assertThat(legendValues.subList(1, 5)).allMatch(v -> v.endsWith(" msgs/s"));
        @SuppressWarnings("unchecked")
        List<Object> units = (List<Object>) ((JavascriptExecutor) browser).executeScript(
                "return Object.values(window.burstpipe.charts).map(c => c.plot.axes[1].label)");
        assertThat(units).containsExactly("messages", "msgs/s", "ms", "ms", "ms", "requests"); // drawn on the canvas

        List<WebElement> canvases = browser.findElements(By.cssSelector(".uplot canvas"));
        assertThat(canvases).hasSize(6);
        assertThat(browser.findElement(By.id("kafka-figure")).isDisplayed()).as("no Kafka chart over HTTP").isFalse();
        assertThat(canvases).allSatisfy(c -> assertThat(c.getSize().getWidth()).isGreaterThan(300));

        long before = updates();
        Object firstTime = ((JavascriptExecutor) browser).executeScript("return window.burstpipe.last.time");
        wait.until(d -> updates() >= before + 2);
        Object laterTime = ((JavascriptExecutor) browser).executeScript("return window.burstpipe.last.time");
        assertThat(((Number) laterTime).longValue()).isGreaterThan(((Number) firstTime).longValue());

        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "const s = window.burstpipe.charts['chart-rates'].plot.data[4];"
                        + " return Math.max.apply(null, s.map(v => v || 0));")).doubleValue() > 0);
        Number points = (Number) ((JavascriptExecutor) browser).executeScript(
                "return window.burstpipe.charts['chart-queue'].plot.data[0].length");
        assertThat(points.intValue()).isGreaterThanOrEqualTo(4);
        // no producer reports here: the offered load comes from the messages' intended send times, 400 msgs/s
        assertThat(browser.findElement(By.id("offered-source")).getText()).isEqualTo("the messages' intended send times");
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "const s = window.burstpipe.charts['chart-rates'].plot.data[1];"
                        + " return Math.max.apply(null, s.map(v => v || 0));")).doubleValue() > 200);
        assertThat(browser.findElement(By.cssSelector("#flow-senders .value")).getText()).endsWith(" msgs/s offered");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("running");
        assertThat(browser.findElement(By.id("counters")).getText()).contains("stored");
        // 400 msgs/s against a writer good for well over 1000: the sentence says nothing limits, as /stats does
        wait.until(d -> "none".equals(stage()) && "none".equals(d.findElement(By.id("now")).getAttribute("class")));
        assertThat(browser.findElement(By.id("now")).getText()).startsWith("NOTHING LIMITS: ");
        assertThat(browser.findElements(By.cssSelector("#flow .stage.limit"))).isEmpty();
        String accepted = (String) ((JavascriptExecutor) browser).executeScript(
                "const n = window.burstpipe.last.ratePerSec.accepted;"
                        + " return (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : (+n.toFixed(2)).toString())"
                        + " + ' msgs/s accepted'");
        assertThat(browser.findElement(By.cssSelector("#flow-intake .value")).getText()).isEqualTo(accepted);

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }

    /** The stage of the consumer's own bottleneck readout in {@code /stats}. */
    private String stage() {
        try {
            return statsJson().getJsonObject("bottleneck").getString("stage");
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }

    @Test
    void theSentenceNamesTheStoreWhileSendersOutrunIt() throws Exception {
        // eight senders back to back against one writer at 5 ms a batch of 10: the queue stays full, intake waits
        // for room, and the writer never rests
        List<Thread> blasters = startBlasters("blast");
        try {
            browser.get("http://127.0.0.1:" + app.port() + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(25));
            wait.until(d -> "store".equals(d.findElement(By.id("now")).getAttribute("class")));
            assertThat(stage()).isEqualTo("store");
            // the flow view marks the store and its writers, with the numbers of the snapshot it shows
            assertThat(browser.findElement(By.id("flow-store")).getAttribute("class")).contains("limit");
            assertThat(browser.findElement(By.id("flow-writers")).getAttribute("class")).contains("limit");
            assertThat(browser.findElement(By.id("flow-queue")).getAttribute("class")).doesNotContain("limit");
            String shown = (String) ((JavascriptExecutor) browser).executeScript(
                    "const s = window.burstpipe.last; return s.queue.depth + '/' + s.queue.capacity + ' '"
                            + " + Math.round(100 * s.storeBusy) + '% busy'");
            assertThat(browser.findElement(By.cssSelector("#flow-queue .value")).getText() + " "
                    + browser.findElement(By.cssSelector("#flow-writers .value")).getText()).isEqualTo(shown);
            // ten points a second, each the highest depth of its 100 ms: the full queue shows as full
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                    "const s = window.burstpipe.charts['chart-queue'].plot.data[1].slice(-10);"
                            + " return s.length === 10 && s.every(v => v === 50) ? 1 : 0")).intValue() == 1);
            assertThat(browser.findElement(By.id("now")).getText()).startsWith("STORE-BOUND: the store writers were ")
                    .contains("waited for room before the queue").containsPattern("\\(last \\d+ s\\)$");
            Path shot = Path.of("target", "dashboard-store-bound.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            stopBlasters(blasters);
        }
    }

    @Test
    void controlsOnThePageTakeEffectAndAreMarkedOnTheCharts() throws Exception {
        List<Thread> blasters = startBlasters("ctl");
        try {
            browser.get("http://127.0.0.1:" + app.port() + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(d -> ((JavascriptExecutor) d).executeScript("return window.burstpipe.updates >= 1"));
            assertThat(rejected()).isZero();

            browser.findElement(By.id("apply-policy")).click(); // no token yet: the page asks for it
            assertThat(browser.findElement(By.id("control-result")).getText()).contains("--control-token");
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("policy"))).selectByVisibleText(
                    "reject");
            browser.findElement(By.id("apply-policy")).click();
            wait.until(d -> d.findElement(By.id("control-result")).getText().startsWith("done: policy"));
            // eight senders against a queue of 50: with reject, full-queue batches come back 429
            org.awaitility.Awaitility.await("429s appear").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).until(() -> rejected() > 0);
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return window.burstpipe.marks.some(m => m.what === 'overflow policy reject')"));

            WebElement latency = browser.findElement(By.id("latency"));
            latency.clear();
            latency.sendKeys("20ms");
            browser.findElement(By.id("apply-store")).click();
            wait.until(d -> d.findElement(By.id("control-result")).getText().startsWith("done: store"));
            assertThat(statsJson().getString("store")).contains("slowed by 20.0 ms");
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return window.burstpipe.marks.some(m => m.what.startsWith('store latency 20ms'))"));

            latency.clear();
            latency.sendKeys("soon");
            browser.findElement(By.id("apply-store")).click();
            wait.until(d -> d.findElement(By.id("control-result")).getAttribute("class").equals("error"));
            assertThat(browser.findElement(By.id("control-result")).getText()).contains("soon");
            // the one failed request is the refused value, answered 400; nothing else failed
            assertThat(severeBrowserLogs()).singleElement().asString().contains("/control/store?").contains("400");
            wait.until(d -> ((JavascriptExecutor) d).executeScript("return window.burstpipe.updates >= 3"));
            Path shot = Path.of("target", "dashboard-controls.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            stopBlasters(blasters);
        }
    }

    /** What the page logged at SEVERE (failed requests, script errors) since the last call. */
    private List<String> severeBrowserLogs() {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
    }

    private io.vertx.core.json.JsonObject statsJson() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/stats")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new io.vertx.core.json.JsonObject(r.body());
    }

    private long rejected() throws Exception {
        return statsJson().getJsonObject("messages").getLong("rejected");
    }

    /** Eight senders of batches back to back, producers {@code prefix0..7}. */
    private List<Thread> startBlasters(String prefix) {
        List<Thread> blasters = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String producer = prefix + t;
            Thread blaster = new Thread(() -> blast(producer), "dashboard-" + producer);
            blasters.add(blaster);
            blaster.start();
        }
        return blasters;
    }

    private void stopBlasters(List<Thread> blasters) throws InterruptedException {
        sending.set(false);
        for (Thread b : blasters) {
            b.join(15_000);
        }
    }

    /** Batches of 10 back to back, for at most 30 s or until the test ends. */
    private void blast(String producer) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (long seq = 0; sending.get() && System.nanoTime() < end; ) {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++, seq++) {
                batch.add(Message.of(producer, seq, 1 + (int) (seq % 100), System.currentTimeMillis() * 1000));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/messages"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(MessageJson.array(batch))).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                return;
            }
        }
    }
}
