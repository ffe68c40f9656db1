package io.burstpipe.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.consumer.core.ConsumerConfig;
import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.SlowStoreSettings;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store writer that dies (its store throws what it should never throw) is seen from outside: readiness turns
 * FAILED naming the writer and the cause, the batch it held is answered (not left hanging), and the drain reports
 * the failure, so the exit status is 1.
 */
@Timeout(60)
class WriterFailureTest {

    /** Accepts nothing: every write throws an unchecked exception, as a bug in a store would. */
    private static final class BrokenStore implements MessageStore {
        @Override
        public int storeBatch(List<Message> batch, boolean[] fresh) {
            throw new IllegalStateException("index corrupted");
        }

        @Override
        public long count() {
            return 0;
        }

        @Override
        public long countByProducer(String producer) {
            return 0;
        }

        @Override
        public boolean contains(String id) {
            return false;
        }

        @Override
        public String describe() {
            return "broken";
        }

        @Override
        public void close() {
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDeadWriterFailsReadinessAnswersItsBatchAndMakesTheDrainUnclean() throws Exception {
        ConsumerConfig config = ConsumerConfig.defaults().withPort(0).withSlow(SlowStoreSettings.NONE)
                .withDrainTimeout(Duration.ofSeconds(2));
        MessageStore store = new BrokenStore();
        ConsumerCore core = new ConsumerCore(config, store).start();
        ConsumerVerticle verticle = new ConsumerVerticle(config, core, null, () -> { });
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + verticle.port();
        assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);

        String body = MessageJson.array(List.of(Message.of("w", 0, 5, System.currentTimeMillis() * 1000)));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/messages"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> get(base + "/health/ready").statusCode() == 503);
        HttpResponse<String> ready = get(base + "/health/ready");
        assertThat(ready.body()).contains("FAILED", "store-writer-0 failed", "index corrupted");
        assertThat(core.writerFailure()).hasValueSatisfying(why -> assertThat(why).contains("store-writer-0"));

        ConsumerCore.DrainReport report = core.drain();
        assertThat(report.failedWriters()).isEqualTo(1);
        assertThat(report.abandoned()).isEqualTo(1);
        assertThat(report.clean()).isFalse();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
