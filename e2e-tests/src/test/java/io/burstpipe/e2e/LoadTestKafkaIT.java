package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code burstpipe loadtest --transport kafka}: load on a topic, a consumer group's lag watched as it drains. */
@ExtendWith(KafkaBroker.class)
@Timeout(180)
class LoadTestKafkaIT {

    @TempDir
    Path dir;

    @Test
    void loadOnATopicReportsTheGroupsLagAndDrainTime() throws Exception {
        String suffix = ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
        String topic = "lt-" + suffix;
        String group = "lt-group-" + suffix;
        int port = ServiceProcess.freePort();
        // a consumer group slower than the load: lag builds while sending and drains afterwards
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, "--transport", "kafka", "--kafka-bootstrap",
                KafkaBroker.bootstrap(), "--kafka-topic", topic, "--kafka-group", group, "--kafka-partitions", "3",
                "--store-dir", dir.resolve("store").toString(), "--store-latency", "10ms", "--batch-size", "20",
                "--queue-capacity", "200").awaitReady(Duration.ofSeconds(60))) {
            ServiceProcess run = ServiceProcess.loadtest(dir, "--transport", "kafka", "--kafka-bootstrap",
                    KafkaBroker.bootstrap(), "--kafka-topic", topic, "--kafka-group", group, "--kafka-partitions", "3",
                    "--consumer", "http://127.0.0.1:" + port, "--profile", "steady", "--rate", "4000", "--duration",
                    "4s", "--drain-timeout", "60s", "--threshold", "loss==0", "--out", dir.resolve("kafka").toString());
            assertThat(run.awaitExit(Duration.ofSeconds(120))).as(run.log()).isZero();
            assertThat(run.log()).contains("to kafka topic " + topic).contains("| lag ")
                    .containsPattern("drain: everything answered and the group's lag back to 0, \\d+ ms after the "
                            + "last send")
                    .contains("loss check: sent 16000, acknowledged 16000, stored 16000 (consumer /stats)");
            JsonObject r = new JsonObject(Files.readString(dir.resolve("kafka/result.json")));
            assertThat(r.getJsonObject("totals").getLong("drainMillis")).isPositive();
            JsonArray series = r.getJsonArray("series");
            long peakLag = series.stream().mapToLong(o -> ((JsonObject) o).getLong("lag", 0L)).max().orElse(0);
            // 20 messages per 10 ms is at most 2000 msgs/s against 4000 sent: thousands behind at the peak
            assertThat(peakLag).isGreaterThan(1000);
            // the consumer's own view agrees once its lag refresh (every second) has caught up
            org.awaitility.Awaitility.await("consumer lag 0").atMost(Duration.ofSeconds(10))
                    .until(() -> consumer.stats().getJsonObject("kafka").getLong("lag") == 0);
        }
    }
}
