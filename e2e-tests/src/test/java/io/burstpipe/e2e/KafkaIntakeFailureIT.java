package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.consumer.ConsumerApp;
import io.burstpipe.consumer.ConsumerOptions;
import io.burstpipe.consumer.kafka.KafkaIntake;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A consumer whose Kafka intake thread dies (the real client against the real broker, with a fault injected into a
 * poll): readiness turns 503 and names the cause, and the consumer stops with exit status 1, instead of answering
 * "ready" while nothing is taken in. An HTTP batch in flight in a 3 s store write holds the stop open long enough to
 * read readiness while it drains; that batch is still stored.
 */
@Timeout(120)
@ExtendWith(KafkaBroker.class)
class KafkaIntakeFailureIT {

    @TempDir
    Path dir;

    @Test
    void aDeadIntakeTurnsReadinessOffAndEndsTheConsumerWithExitStatusOne() throws Exception {
        ConsumerOptions options = new ConsumerOptions();
        new CommandLine(options).parseArgs("--transport", "kafka", "--kafka-bootstrap", KafkaBroker.bootstrap(),
                "--kafka-topic", "intake-failure-" + System.nanoTime(), "--kafka-group", "g-" + System.nanoTime(),
                "--port", "0", "--store-dir", dir.toString(), "--store-latency", "3s", "--store-jitter", "0");
        AtomicInteger polls = new AtomicInteger();
        AtomicBoolean failNow = new AtomicBoolean();
        KafkaIntake.Clients failing = props -> {
            Consumer<byte[], byte[]> real = KafkaIntake.Clients.KAFKA.consumer(props);
            @SuppressWarnings("unchecked")
            Consumer<byte[], byte[]> wrapped = (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
                    Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                        if (method.getName().equals("poll") && polls.incrementAndGet() > 0 && failNow.get()) {
                            throw new KafkaException("injected fault in poll");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return wrapped;
        };
        ConsumerApp app = new ConsumerApp(options.toConfig(), failing).start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + app.port();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(5))
                .build();
        assertThat(http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(Message.of("http", i, 7, System.currentTimeMillis() * 1000));
        }
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(base
                + "/messages")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MessageJson.array(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
        await("the batch is in the store write").atMost(Duration.ofSeconds(10)).until(() -> new JsonObject(
                http.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).getJsonObject("batches").getInteger("inflight") == 1);
        failNow.set(true);
        await("readiness names the dead intake").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 503 && r.body().contains("kafka intake died")
                            && r.body().contains("injected fault in poll");
                });
        assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).as("the batch in flight is still stored")
                .isEqualTo(200);
        assertThat(app.awaitTermination(Duration.ofSeconds(60))).as("exit status").isEqualTo(1);
        assertThat(polls).hasPositiveValue();
    }

    /**
     * Pausing Kafka at the stop takes longer than its 10 s bound (the real client, with its pause() held 12 s): the
     * drain still runs, the stop still finishes, and the exit status says it was not clean.
     */
    @Test
    void aPauseThatTimesOutStillDrainsAndExitsOne() throws Exception {
        ConsumerOptions options = new ConsumerOptions();
        new CommandLine(options).parseArgs("--transport", "kafka", "--kafka-bootstrap", KafkaBroker.bootstrap(),
                "--kafka-topic", "pause-stall-" + System.nanoTime(), "--kafka-group", "g-" + System.nanoTime(),
                "--port", "0", "--store-dir", dir.toString());
        AtomicBoolean stall = new AtomicBoolean();
        KafkaIntake.Clients stalling = props -> {
            Consumer<byte[], byte[]> real = KafkaIntake.Clients.KAFKA.consumer(props);
            @SuppressWarnings("unchecked")
            Consumer<byte[], byte[]> wrapped = (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
                    Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                        if (method.getName().equals("pause") && stall.get()) {
                            TimeUnit.SECONDS.sleep(12);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return wrapped;
        };
        ConsumerApp app = new ConsumerApp(options.toConfig(), stalling).start();
        stall.set(true);
        long start = System.nanoTime();
        app.requestStop();
        assertThat(app.awaitTermination(Duration.ofSeconds(60))).as("exit status").isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to stop").isBetween(9.0, 40.0);
    }
}
