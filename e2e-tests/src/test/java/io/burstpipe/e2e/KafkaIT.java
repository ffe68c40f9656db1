package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Producer and consumers over a real Kafka broker: backpressure by pausing, scale-out, faults. */
@ExtendWith(KafkaBroker.class)
@Timeout(240)
class KafkaIT {

    @TempDir
    Path dir;

    private static String unique(String what) {
        return what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
    }

    private static List<String> kafkaArgs(String topic, String group) throws Exception {
        return List.of("--transport", "kafka", "--kafka-bootstrap", KafkaBroker.bootstrap(), "--kafka-topic", topic,
                "--kafka-group", group, "--kafka-partitions", "6");
    }

    private static String[] args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static long stored(ServiceProcess consumer) throws Exception {
        return consumer.stats().getJsonObject("messages").getLong("stored");
    }

    @Test
    void aBurstIntoASlowStorePausesAndResumesAndLosesNothing() throws Exception {
        String topic = unique("burst");
        List<String> kafka = kafkaArgs(topic, unique("group"));
        Path store = dir.resolve("store");
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, args(kafka, "--store-dir", store.toString(),
                "--store-latency", "10ms", "--batch-size", "10", "--queue-capacity", "200"));
             ServiceProcess producer = ServiceProcess.producer(dir, port, args(kafka, "--profile", "steady",
                     "--rate", "10000", "--messages", "10000"))) {
            consumer.awaitReady(Duration.ofSeconds(60));
            assertThat(producer.awaitExit(Duration.ofSeconds(90))).as(producer.log()).isZero();
            ProducerSummary summary = ProducerSummary.parse(producer.log());
            await("everything stored").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> stored(consumer) >= 10000);
            JsonObject k = consumer.stats().getJsonObject("kafka");
            assertThat(k.getLong("pauses")).as("paused").isPositive();
            assertThat(k.getLong("resumes")).as("resumed").isPositive();
            assertThat(consumer.stats().getJsonObject("queue").getInteger("highWater")).isEqualTo(200);
            assertThat(consumer.metrics()).contains("burstpipe_kafka_partition_lag{partition=\"")
                    .contains("burstpipe_kafka_pauses_total").contains("burstpipe_kafka_paused");
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(40))).as(consumer.log()).isZero();
            StoreCheck.Counts counts = StoreCheck.embedded(store, ProducerSummary.producerId(producer.log()));
            assertThat(summary.acked()).isEqualTo(10000);
            assertThat(counts.ids()).isEqualTo(10000);
            assertThat(counts.records()).isEqualTo(10000);
        }
    }

    @Test
    void anUndecodableRecordIsSkippedAndCountedWhileTheRestFlow() throws Exception {
        String topic = unique("bad");
        List<String> kafka = kafkaArgs(topic, unique("group"));
        Path store = dir.resolve("store");
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, args(kafka, "--store-dir", store.toString(),
                "--store-latency", "1ms"))) {
            consumer.awaitReady(Duration.ofSeconds(60));
            Properties props = new Properties();
            props.put("bootstrap.servers", KafkaBroker.bootstrap());
            props.put("key.serializer", StringSerializer.class.getName());
            props.put("value.serializer", StringSerializer.class.getName());
            try (KafkaProducer<String, String> raw = new KafkaProducer<>(props)) {
                raw.send(new ProducerRecord<>(topic, 0, null, "this is not json")).get(30, TimeUnit.SECONDS);
                raw.send(new ProducerRecord<>(topic, 0, null, "{\"producer\":\"x\",\"seq\":1,\"value\":500,"
                        + "\"createdAt\":1}")).get(30, TimeUnit.SECONDS);
            }
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, args(kafka, "--profile", "steady",
                    "--rate", "2000", "--messages", "2000"))) {
                assertThat(producer.awaitExit(Duration.ofSeconds(60))).as(producer.log()).isZero();
                await("the rest flows").atMost(Duration.ofSeconds(60)).until(() -> stored(consumer) >= 2000);
                assertThat(consumer.stats().getJsonObject("kafka").getLong("undecodable")).isEqualTo(2);
                assertThat(consumer.log()).contains("skipping undecodable record " + topic + "-0@0")
                        .contains("skipping undecodable record " + topic + "-0@1: record: value must be between");
                consumer.sigterm();
                assertThat(consumer.awaitExit(Duration.ofSeconds(40))).isZero();
                StoreCheck.Counts counts = StoreCheck.embedded(store, ProducerSummary.producerId(producer.log()));
                assertThat(counts.ids()).isEqualTo(2000);
            }
        }
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicWithTheirOrigin() throws Exception {
        String topic = unique("dlt-in");
        String deadLetters = unique("dlt");
        String group = unique("group");
        List<String> kafka = kafkaArgs(topic, group);
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, args(kafka, "--store-dir",
                dir.resolve("store").toString(), "--store-latency", "1ms", "--kafka-dead-letter-topic", deadLetters))) {
            consumer.awaitReady(Duration.ofSeconds(60));
            Properties props = new Properties();
            props.put("bootstrap.servers", KafkaBroker.bootstrap());
            props.put("key.serializer", StringSerializer.class.getName());
            props.put("value.serializer", StringSerializer.class.getName());
            try (KafkaProducer<String, String> raw = new KafkaProducer<>(props)) {
                raw.send(new ProducerRecord<>(topic, 1, "k1", "not json at all")).get(30, TimeUnit.SECONDS);
                raw.send(new ProducerRecord<>(topic, 1, "k2", "{\"producer\":\"x\",\"seq\":1,\"value\":500,"
                        + "\"createdAt\":1}")).get(30, TimeUnit.SECONDS);
            }
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, args(kafka, "--profile", "steady",
                    "--rate", "2000", "--messages", "1000", "--kafka-key", "none"))) {
                assertThat(producer.awaitExit(Duration.ofSeconds(60))).as(producer.log()).isZero();
                await("the rest flows").atMost(Duration.ofSeconds(60)).until(() -> stored(consumer) >= 1000);
            }
            await("both dead-lettered").atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.stats().getJsonObject("kafka").getLong("deadLettered") == 2);
            // the group commits past them: nothing left behind on any partition
            await("lag 0").atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.stats().getJsonObject("kafka").getLong("lag") == 0);
            assertThat(consumer.log()).contains("dead-lettering undecodable record " + topic + "-1@0");
            assertThat(consumer.metrics()).contains("burstpipe_kafka_dead_lettered_records_total 2.0");

            Properties c = new Properties();
            c.put("bootstrap.servers", KafkaBroker.bootstrap());
            c.put("group.id", unique("reader"));
            c.put("auto.offset.reset", "earliest");
            c.put("key.deserializer", StringDeserializer.class.getName());
            c.put("value.deserializer", StringDeserializer.class.getName());
            List<ConsumerRecord<String, String>> letters = new ArrayList<>();
            try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(c)) {
                reader.subscribe(List.of(deadLetters));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (letters.size() < 2 && System.nanoTime() < deadline) {
                    reader.poll(Duration.ofMillis(500)).forEach(letters::add);
                }
            }
            assertThat(letters).extracting(ConsumerRecord::value).containsExactly("not json at all",
                    "{\"producer\":\"x\",\"seq\":1,\"value\":500,\"createdAt\":1}");
            assertThat(letters).extracting(ConsumerRecord::key).containsExactly("k1", "k2");
            ConsumerRecord<String, String> second = letters.get(1);
            assertThat(header(second, "burstpipe.topic")).isEqualTo(topic);
            assertThat(header(second, "burstpipe.partition")).isEqualTo("1");
            assertThat(header(second, "burstpipe.offset")).isEqualTo("1");
            assertThat(header(second, "burstpipe.error")).contains("value must be between");
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void twoConsumersShareThePartitionsAndSurviveOneBeingKilled() throws Exception {
        try (StoreKind.Store store = StoreKind.POSTGRES.prepare(dir, "kafka_pair")) {
            String topic = unique("pair");
            List<String> kafka = kafkaArgs(topic, unique("group"));
            String[] consumerArgs = store.with(args(kafka, "--store-latency", "5ms", "--batch-size", "20",
                    "--queue-capacity", "200"));
            int portA = ServiceProcess.freePort();
            int portB = ServiceProcess.freePort();
            ServiceProcess a = ServiceProcess.consumer(dir, portA, consumerArgs);
            try (ServiceProcess b = ServiceProcess.consumer(dir, portB, consumerArgs);
                 ServiceProcess producer = ServiceProcess.producer(dir, portA, args(kafka, "--kafka-key", "none",
                         "--profile", "steady", "--rate", "3000", "--messages", "30000"))) {
                try (a) {
                    a.awaitReady(Duration.ofSeconds(60));
                    b.awaitReady(Duration.ofSeconds(60));
                    await("both consumers store").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> stored(a) > 500 && stored(b) > 500);
                    a.sigkill();
                    a.awaitExit(Duration.ofSeconds(10));
                }
                long bBefore = stored(b);
                await("the other takes over").atMost(Duration.ofSeconds(60)).until(() -> stored(b) > bBefore + 3000);
                try (ServiceProcess again = ServiceProcess.consumer(dir, portA, consumerArgs)) {
                    again.awaitReady(Duration.ofSeconds(60));
                    assertThat(producer.awaitExit(Duration.ofSeconds(120))).as(producer.log()).isZero();
                    String producerId = ProducerSummary.producerId(producer.log());
                    await("every id stored").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                            .until(() -> store.counts(producerId).ids() >= 30000);
                    again.sigterm();
                    b.sigterm();
                    assertThat(again.awaitExit(Duration.ofSeconds(40))).isZero();
                    assertThat(b.awaitExit(Duration.ofSeconds(40))).isZero();
                    StoreCheck.Counts counts = store.counts(producerId);
                    assertThat(counts.ids()).isEqualTo(30000);
                    assertThat(counts.records()).isEqualTo(30000);
                }
            }
        }
    }

    @Test
    void aBrokerRestartMidRunLosesNothing() throws Exception {
        Assumptions.assumeTrue(KafkaBroker.restartable(), "the broker is not ours to restart");
        String topic = unique("restart");
        List<String> kafka = kafkaArgs(topic, unique("group"));
        Path store = dir.resolve("store");
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, args(kafka, "--store-dir", store.toString(),
                "--store-latency", "2ms"));
             ServiceProcess producer = ServiceProcess.producer(dir, port, args(kafka, "--profile", "steady",
                     "--rate", "2000", "--messages", "24000"))) {
            consumer.awaitReady(Duration.ofSeconds(60));
            await("flowing").atMost(Duration.ofSeconds(60)).until(() -> stored(consumer) > 4000);
            KafkaBroker.restart();
            assertThat(producer.awaitExit(Duration.ofSeconds(120))).as(producer.log()).isZero();
            await("everything stored after the restart").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500)).until(() -> stored(consumer) >= 24000);
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(40))).as(consumer.log()).isZero();
            StoreCheck.Counts counts = StoreCheck.embedded(store, ProducerSummary.producerId(producer.log()));
            assertThat(counts.ids()).isEqualTo(24000);
            assertThat(counts.records()).isEqualTo(24000);
        }
    }
}
