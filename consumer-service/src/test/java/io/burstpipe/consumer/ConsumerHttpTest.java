package io.burstpipe.consumer;

import io.burstpipe.consumer.core.ConnectionLimits;
import io.burstpipe.store.SlowStoreSettings;
import io.burstpipe.consumer.core.ConsumerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.burstpipe.store.EmbeddedStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The consumer's HTTP surface on loopback, with the real embedded store: bad input, limits, control. */
@Timeout(60)
class ConsumerHttpTest {

    @TempDir
    Path dir;

    private ConsumerApp app;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        ConsumerConfig config = ConsumerConfig.defaults().withPort(0)
                .withHttp(new ConsumerConfig.HttpIntake(50, 4096, 64, ConnectionLimits.DEFAULTS))
                .withStore(new ConsumerConfig.Embedded(dir)).withSlow(SlowStoreSettings.NONE)
                .withDrainTimeout(Duration.ofSeconds(10)).withControlToken("s3cret");
        app = new ConsumerApp(config).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.requestStop();
            assertThat(app.awaitTermination(java.time.Duration.ofSeconds(30))).isZero();
        }
    }

    private HttpResponse<String> post(String path, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String body) throws Exception {
        return post("/messages", "application/json", body, null);
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<Message> batch(String producer, int from, int to) {
        List<Message> batch = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            batch.add(Message.of(producer, seq, 1 + seq % 100, System.currentTimeMillis() * 1000));
        }
        return batch;
    }

    @Test
    void badInputGetsAClearErrorAndNothingAcceptedIsLost() throws Exception {
        HttpResponse<String> ok = postJson(MessageJson.array(batch("good", 0, 20)));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"received\":20,\"stored\":20,\"duplicates\":0,\"dropped\":0}");

        assertThat(postJson("[{\"producer\":\"p\",")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).startsWith("{\"error\":\"body is not valid JSON: ");
        });
        assertThat(post("/messages", "text/plain", "hello", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.body()).isEqualTo("{\"error\":\"Content-Type must be application/json (a JSON array of "
                    + "messages) or application/x-ndjson (one message per line) (was 'text/plain')\"}");
        });
        assertThat(postJson("[{\"producer\":\"p\",\"seq\":0,\"createdAt\":1}]")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"error\":\"message 0: missing field 'value'\"}");
        });
        assertThat(postJson("[{\"producer\":\"p\",\"seq\":0,\"value\":7,\"createdAt\":1},"
                + "{\"producer\":\"p\",\"seq\":1,\"value\":101,\"createdAt\":1}]")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"error\":\"message 1: value must be between 1 and 100 (was 101)\"}");
        });
        assertThat(postJson("[{\"producer\":\"p q\",\"seq\":0,\"value\":7,\"createdAt\":1}]").body())
                .isEqualTo("{\"error\":\"message 0: producer must be 1..64 letters, digits, '.', '_' or '-' "
                        + "(was 'p q')\"}");
        assertThat(postJson("x".repeat(5000))).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"error\":\"request body of 5000 bytes is larger than 4096 bytes (--max-body-bytes); "
                    + "send smaller batches\"}");
        });
        HttpResponse<String> ndjson = post("/messages", "application/x-ndjson", MessageJson.lines(batch("good", 20, 30)),
                null);
        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(get("/health/live")).isEqualTo(200);
        assertThat(get("/health/ready")).isEqualTo(200);
        assertThat(post("/control/shutdown", null, "", "s3cret").statusCode()).isEqualTo(200);
        assertThat(app.awaitTermination(java.time.Duration.ofSeconds(30))).isZero();
        app = null;
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.countByProducer("good")).isEqualTo(30);
            assertThat(store.count()).isEqualTo(30);
        }
    }

    @Test
    void badInputOnPostgresLosesNothingAccepted() throws Exception {
        String pgUrl = System.getenv().getOrDefault("BURSTPIPE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test");
        app.requestStop();
        assertThat(app.awaitTermination(java.time.Duration.ofSeconds(30))).isZero();
        app = null;
        String table = "http_test_" + ProcessHandle.current().pid();
        ConsumerConfig config = ConsumerConfig.defaults().withPort(0)
                .withHttp(new ConsumerConfig.HttpIntake(50, 4096, 64, ConnectionLimits.DEFAULTS))
                .withStore(new ConsumerConfig.Postgres(pgUrl, table, 2)).withSlow(SlowStoreSettings.NONE)
                .withDrainTimeout(Duration.ofSeconds(10)).withControlToken("s3cret");
        try {
            app = new ConsumerApp(config).start();
        } catch (io.burstpipe.store.StoreException e) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("PostgreSQL is required on CI: " + e.getMessage(), e);
            }
            org.junit.jupiter.api.Assumptions.abort("no PostgreSQL: " + e.getMessage());
        }
        assertThat(postJson(MessageJson.array(batch("pg", 0, 20))).statusCode()).isEqualTo(200);
        assertThat(postJson("[{\"producer\":\"pg\",\"seq\":99,\"value\":0,\"createdAt\":1}]").statusCode())
                .isEqualTo(400);
        assertThat(post("/messages", "text/csv", "a,b", null).statusCode()).isEqualTo(415);
        assertThat(postJson(MessageJson.array(batch("pg", 20, 25))).statusCode()).isEqualTo(200);
        // PostgreSQL says which ids were new (RETURNING id): a resend, and an id twice in one batch, are duplicates
        List<Message> again = new ArrayList<>(batch("pg", 24, 27));
        again.add(again.get(2));
        assertThat(postJson(MessageJson.array(again)).body())
                .isEqualTo("{\"received\":4,\"stored\":2,\"duplicates\":2,\"dropped\":0}");
        app.requestStop();
        assertThat(app.awaitTermination(java.time.Duration.ofSeconds(30))).isZero();
        app = null;
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (io.burstpipe.consumer.store.PgStore store =
                     io.burstpipe.consumer.store.PgStore.open(vertx, pgUrl, table, 1)) {
            assertThat(store.countByProducer("pg")).isEqualTo(27);
            assertThat(store.contains("pg-99")).isFalse();
        } finally {
            io.vertx.core.Vertx cleanup = vertx;
            io.burstpipe.consumer.store.PgStore.open(cleanup, pgUrl, table, 1).dropTable();
            cleanup.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void batchesOverTheMessageCapAre413() throws Exception {
        HttpResponse<String> r = post("/messages", "application/x-ndjson", MessageJson.lines(batch("b", 0, 51))
                .replaceAll(",\"createdAt\":\\d+", ",\"createdAt\":1"), null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"error\":\"batch has more than 50 messages (--max-batch-messages); "
                + "send smaller batches\"}");
    }

    @Test
    void controlEndpointsNeedTheToken() throws Exception {
        assertThat(post("/control/pause", null, "", null).statusCode()).isEqualTo(401);
        assertThat(post("/control/pause", null, "", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> paused = post("/control/pause", null, "", "s3cret");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.body()).contains("\"paused\":true");
        assertThat(post("/control/policy?value=sideways", null, "", "s3cret").body())
                .isEqualTo("{\"error\":\"unknown overflow policy 'sideways'; allowed: block, reject, drop-newest, "
                        + "drop-oldest\"}");
        assertThat(post("/control/policy?value=reject", null, "", "s3cret").body()).contains("\"policy\":\"reject\"");
        assertThat(post("/control/resume", null, "", "s3cret").body()).contains("\"paused\":false");
    }

    @Test
    void stoppingTurnsReadinessOffRefusesNewBatchesAndFinishesTheOnesInFlight() throws Exception {
        app.requestStop();
        assertThat(app.awaitTermination(java.time.Duration.ofSeconds(30))).isZero();
        // a store slow enough (2 writes x 400 ms) that the stop is still draining while we look
        app = new ConsumerApp(ConsumerConfig.defaults().withPort(0)
                .withHttp(new ConsumerConfig.HttpIntake(50, 4096, 64, ConnectionLimits.DEFAULTS))
                .withStore(new ConsumerConfig.Embedded(dir))
                .withSlow(new SlowStoreSettings(Duration.ofMillis(400), Duration.ZERO, 0))
                .withDrainTimeout(Duration.ofSeconds(10)).withControlToken("s3cret")).start();
        assertThat(post("/control/pause", null, "", "s3cret").statusCode()).isEqualTo(200);
        java.util.concurrent.CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/messages"))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(MessageJson.array(batch("flight", 0, 20)))).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().contains("\"inflight\":1"));
        app.requestStop();
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/health/ready") == 503);
        HttpResponse<String> refused = postJson(MessageJson.array(batch("late", 0, 5)));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(inFlight.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(app.awaitTermination(java.time.Duration.ofSeconds(30))).isZero();
        app = null;
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.countByProducer("flight")).isEqualTo(20);
            assertThat(store.countByProducer("late")).isZero();
        }
    }

    private String stats() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/stats"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void metricsAndStatsShowTheStages() throws Exception {
        assertThat(postJson(MessageJson.array(batch("m", 0, 5))).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("burstpipe_messages_total{stage=\"stored\"} 5.0")
                .contains("burstpipe_queue_capacity 10.0").contains("burstpipe_store_write_seconds_bucket");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(stats()).contains("\"stored\":5");
        });
    }
}
