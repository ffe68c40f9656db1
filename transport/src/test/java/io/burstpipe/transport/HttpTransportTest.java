package io.burstpipe.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against a real HTTP server on 127.0.0.1 (a free port), one behaviour of the server per test. */
class HttpTransportTest {

    private Vertx vertx;
    private HttpServer server;
    private volatile Consumer<HttpServerRequest> behaviour;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Set<Object> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger mostBusy = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            connections.add(request.connection());
            request.body().onSuccess(body -> {
                bodies.add(request.method() + " " + request.path() + " " + request.getHeader("Content-Type") + " "
                        + body);
                behaviour.accept(request);
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static List<Message> batch(int from, int n) {
        List<Message> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(Message.of("t", i, 1 + i % 100, 1_700_000_000_000_000L + i));
        }
        return out;
    }

    private static Transport.Answer await(java.util.concurrent.CompletionStage<Transport.Answer> answer)
            throws Exception {
        return answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsTheBatchAsJsonAndReadsWhatWasDropped() throws Exception {
        behaviour = r -> r.response().putHeader("Content-Type", "application/json")
                .end("{\"received\":3,\"stored\":2,\"duplicates\":0,\"dropped\":1}");
        try (HttpTransport transport = new HttpTransport(vertx, url(), "/messages", 2, 5_000)) {
            Transport.Answer answer = await(transport.send(batch(0, 3)));
            assertThat(answer).isEqualTo(new Transport.Answer.Accepted(1));
        }
        assertThat(bodies).containsExactly("POST /messages application/json " + MessageJson.array(batch(0, 3)));
    }

    @Test
    void pushBackRetryAfterAndRefusalsAreAnswersNotErrors() throws Exception {
        AtomicInteger turn = new AtomicInteger();
        behaviour = r -> {
            switch (turn.getAndIncrement()) {
                case 0 -> r.response().setStatusCode(429).putHeader("Retry-After", "2")
                        .end("{\"error\":\"queue full\"}");
                case 1 -> r.response().setStatusCode(503).end("{\"error\":\"stopping\",\"dropped\":0}");
                case 2 -> r.response().setStatusCode(400).end("not json at all");
                default -> r.response().setChunked(true).write("{\"dropped\"").onSuccess(v -> r.response()
                        .end(" : 2}"));
            }
        };
        try (HttpTransport transport = new HttpTransport(vertx, url() + "/", "/in", 1, 5_000)) {
            assertThat(await(transport.send(batch(0, 1)))).isEqualTo(
                    new Transport.Answer.RetryLater(Transport.Answer.Why.PUSH_BACK, 2000, "429 queue full"));
            assertThat(await(transport.send(batch(1, 1)))).isEqualTo(
                    new Transport.Answer.RetryLater(Transport.Answer.Why.UNAVAILABLE, 0, "503 stopping"));
            assertThat(await(transport.send(batch(2, 1)))).isEqualTo(
                    new Transport.Answer.Refused("400 not json at all"));
            // chunked, and written with spaces: the JSON parser reads it
            assertThat(await(transport.send(batch(3, 1)))).isEqualTo(new Transport.Answer.Accepted(2));
        }
        assertThat(bodies).allMatch(b -> b.startsWith("POST /in "));
        assertThat(connections).hasSize(1);
    }

    @Test
    void neverOpensMoreConnectionsThanAskedAndKeepsThemAlive() throws Exception {
        behaviour = r -> {
            mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
            vertx.setTimer(20, t -> {
                busy.decrementAndGet();
                r.response().end("{\"dropped\":0}");
            });
        };
        try (HttpTransport transport = new HttpTransport(vertx, url(), "/messages", 3, 5_000)) {
            List<CompletableFuture<Transport.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(transport.send(batch(i * 10, 10)).toCompletableFuture());
            }
            for (CompletableFuture<Transport.Answer> a : answers) {
                assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(Transport.Answer.Accepted.ALL);
            }
        }
        assertThat(bodies).hasSize(30);
        assertThat(connections).hasSize(3);
        assertThat(mostBusy.get()).isEqualTo(3);
    }

    @Test
    void aRequestWithoutAnAnswerFailsInTimeAndTheNextGoesOutOnANewConnection() throws Exception {
        AtomicInteger turn = new AtomicInteger();
        behaviour = r -> {
            if (turn.getAndIncrement() > 0) {
                r.response().end("{\"dropped\":0}");
            }
        };
        try (HttpTransport transport = new HttpTransport(vertx, url(), "/messages", 1, 300)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> await(transport.send(batch(0, 1))))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("within 300 ms");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5_000L);
            assertThat(await(transport.send(batch(1, 1)))).isEqualTo(Transport.Answer.Accepted.ALL);
        }
        assertThat(connections).hasSize(2);
    }

    @Test
    void aConnectionClosedUnderARequestFailsItAndTheNextOneReconnects() throws Exception {
        AtomicInteger turn = new AtomicInteger();
        behaviour = r -> {
            if (turn.getAndIncrement() == 0) {
                r.connection().close();
            } else {
                r.response().putHeader("Connection", "close").end("{\"dropped\":0}");
            }
        };
        try (HttpTransport transport = new HttpTransport(vertx, url(), "/messages", 1, 5_000)) {
            assertThatThrownBy(() -> await(transport.send(batch(0, 1)))).isInstanceOf(ExecutionException.class)
                    .cause().hasMessageContaining("closed before the answer");
            // answered with Connection: close, each of these needs a connection of its own
            assertThat(await(transport.send(batch(1, 1)))).isEqualTo(Transport.Answer.Accepted.ALL);
            assertThat(await(transport.send(batch(2, 1)))).isEqualTo(Transport.Answer.Accepted.ALL);
        }
        assertThat(connections).hasSize(3);
    }

    @Test
    void aTargetThatIsNotThereFailsEachRequestAndOneThatComesBackServesAgain() throws Exception {
        int port = server.actualPort();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        behaviour = r -> r.response().end("{\"dropped\":0}");
        try (HttpTransport transport = new HttpTransport(vertx, "http://127.0.0.1:" + port, "/messages", 2, 5_000)) {
            for (int i = 0; i < 3; i++) {
                int from = i;
                assertThatThrownBy(() -> await(transport.send(batch(from, 1)))).isInstanceOf(ExecutionException.class)
                        .cause().hasMessageContaining("127.0.0.1");
            }
            server = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> behaviour.accept(r)))
                    .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(await(transport.send(batch(3, 1)))).isEqualTo(Transport.Answer.Accepted.ALL);
        }
    }

    @Test
    void closingFailsWhatIsStillOutAndRefusesMore() throws Exception {
        behaviour = r -> { };
        HttpTransport transport = new HttpTransport(vertx, url(), "/messages", 1, 60_000);
        CompletableFuture<Transport.Answer> out = transport.send(batch(0, 1)).toCompletableFuture();
        CompletableFuture<Transport.Answer> queued = transport.send(batch(1, 1)).toCompletableFuture();
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> bodies.size() == 1);
        transport.close();
        assertThatThrownBy(() -> out.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("closed");
        assertThatThrownBy(() -> await(transport.send(batch(2, 1)))).isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("closed");
    }

    @Test
    void aTargetThatIsNotAUrlIsRefusedUpFront() {
        assertThatThrownBy(() -> new HttpTransport(vertx, "ftp://x", "/messages", 1, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://host");
    }
}
