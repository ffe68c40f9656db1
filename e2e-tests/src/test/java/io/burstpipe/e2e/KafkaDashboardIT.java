package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * The consumer's dashboard in real headless Chromium while it takes a burst from a real broker: the Kafka
 * chart appears, shows the lag building and the partitions pausing, then the lag draining and the
 * partitions fetching again; the counters show the lag of each assigned partition.
 */
@ExtendWith({KafkaBroker.class, Chromium.class})
@Timeout(180)
class KafkaDashboardIT {

    private static final int PARTITIONS = 3;
    private static final int MESSAGES = 8000;

    @TempDir
    Path dir;

    private static double js(WebDriver browser, String script) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script)).doubleValue();
    }

    private static String max(int column) {
        return "const s = window.burstpipe.charts['chart-kafka'].plot.data[" + column + "];"
                + " return Math.max.apply(null, s.map(v => v || 0));";
    }

    @Test
    void theKafkaChartShowsLagBuildingPausingAndDraining(ChromeDriver browser) throws Exception {
        String suffix = ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
        String topic = "dash-" + suffix;
        int port = ServiceProcess.freePort();
        // about 1000 msgs/s into the store: a burst of 8000 at once backs up and pauses the partitions
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, "--transport", "kafka", "--kafka-bootstrap",
                KafkaBroker.bootstrap(), "--kafka-topic", topic, "--kafka-group", topic, "--kafka-partitions",
                String.valueOf(PARTITIONS), "--store-dir", dir.resolve("store").toString(), "--store-latency", "20ms",
                "--batch-size", "20", "--queue-capacity", "200").awaitReady(Duration.ofSeconds(60))) {
            browser.get("http://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(d -> ((JavascriptExecutor) d).executeScript(
                    "return !!(window.burstpipe && window.burstpipe.charts['chart-kafka'])"));
            assertThat(browser.findElement(By.id("kafka-figure")).isDisplayed()).isTrue();

            send(topic);
            wait.until(d -> js(d, max(1)) > 1000 && js(d, max(2)) == 1);
            assertThat(browser.findElement(By.id("counters")).getText()).contains("kafka").contains("pauses")
                    .contains("resumes").containsPattern("lag by partition 0:\\d+ 1:\\d+ 2:\\d+");

            new WebDriverWait(browser, Duration.ofSeconds(90)).until(d -> js(d,
                    "const k = window.burstpipe.last.kafka; return k.lag === 0 && !k.paused ? 1 : 0") == 1
                    && js(d, "return window.burstpipe.last.messages.stored") >= MESSAGES);
            // the paused series went up and came back down: 1 somewhere, 0 after it
            assertThat(js(browser, "const s = window.burstpipe.charts['chart-kafka'].plot.data[2];"
                    + " const up = s.indexOf(1); return up >= 0 && s.slice(up).includes(0) ? 1 : 0")).isEqualTo(1);
            assertThat(consumer.stats().getJsonObject("kafka").getLong("resumes")).isPositive();
            assertThat(browser.findElements(By.cssSelector("#chart-kafka canvas"))).hasSize(1);
            assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
            Path shot = Path.of("target", "dashboard-kafka.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    private static void send(String topic) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            long now = System.currentTimeMillis() * 1000;
            for (int i = 0; i < MESSAGES; i++) {
                String value = MessageJson.append(new StringBuilder(), Message.of("dash", i, 1 + i % 100, now))
                        .toString();
                sent.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
