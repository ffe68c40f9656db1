package io.burstpipe.transport;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Batches as JSON arrays to {@code POST <target>/messages} (or another path), over a keep-alive connection pool.
 *
 * <p>Every request starts on one event-loop context of its own, so all its connections share one event loop, and a
 * batch sent from that loop goes out without a thread hop.
 */
public final class HttpTransport implements Transport {

    private final HttpClient http;
    private final RequestOptions request;
    private final Context context;

    public HttpTransport(Vertx vertx, String target, int connections, long timeoutMs) {
        this(vertx, target, "/messages", connections, timeoutMs);
    }

    /** Batches to {@code <target><path>}: any endpoint that takes our JSON batches. */
    public HttpTransport(Vertx vertx, String target, String path, int connections, long timeoutMs) {
        // idle connections are dropped here (30 s) before a consumer drops them (--idle-timeout, 60 s): a request
        // never goes out on a connection the server is closing
        // a connection the target resets (a consumer killed mid-run) fails the requests on it, which are counted;
        // the connection's own exception handler only keeps Vert.x from logging each reset again as an error
        this.http = vertx.httpClientBuilder().with(new HttpClientOptions().setKeepAlive(true)
                        .setKeepAliveTimeout(30).setConnectTimeout(5_000))
                .with(new PoolOptions().setHttp1MaxSize(Math.max(1, connections)))
                .withConnectHandler(connection -> connection.exceptionHandler(e -> { })).build();
        String url = (target.endsWith("/") ? target.substring(0, target.length() - 1) : target) + path;
        // idleTimeout, not timeout: the latter also arms a pool-wait timer that races the pool in Vert.x 5.0
        // (eclipse-vertx/vert.x#6169) and logs "Promise already completed"; the pool is sized to the window
        this.request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setIdleTimeout(timeoutMs)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        this.context = vertx.getOrCreateContext();
    }

    /** {@inheritDoc} Called on this transport's event loop, the request starts at once. */
    @Override
    public CompletionStage<Answer> send(List<Message> batch) {
        Buffer body = Buffer.buffer(MessageJson.arrayBytes(batch));
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        if (Vertx.currentContext() == context) {
            post(body, answer);
        } else {
            context.runOnContext(v -> post(body, answer));
        }
        return answer;
    }

    private void post(Buffer body, CompletableFuture<Answer> out) {
        http.request(request).compose(r -> r.send(body)).compose(response -> response.body()
                        .map(b -> answer(response.statusCode(), response.getHeader("Retry-After"), b)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        out.complete(ar.result());
                    } else {
                        out.completeExceptionally(ar.cause());
                    }
                });
    }

    private static Answer answer(int status, String retryAfter, Buffer body) {
        int dropped = 0;
        String detail = "";
        try {
            JsonObject json = body == null || body.length() == 0 ? null : body.toJsonObject();
            if (json != null) {
                dropped = json.getInteger("dropped", 0);
                detail = json.getString("error", "");
            }
        } catch (RuntimeException e) {
            detail = body.toString();
        }
        long retryAfterMs = 0;
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            retryAfterMs = Long.parseLong(retryAfter) * 1000;
        }
        String reason = status + (detail == null || detail.isEmpty() ? "" : " " + detail);
        if (status >= 200 && status < 300) {
            return dropped == 0 ? Answer.Accepted.ALL : new Answer.Accepted(dropped);
        }
        if (status == 429) {
            return new Answer.RetryLater(Answer.Why.PUSH_BACK, retryAfterMs, reason);
        }
        if (status == 503 || status >= 500) {
            return new Answer.RetryLater(Answer.Why.UNAVAILABLE, retryAfterMs, reason);
        }
        return new Answer.Refused(reason);
    }

    @Override
    public void close() {
        http.close();
    }
}
