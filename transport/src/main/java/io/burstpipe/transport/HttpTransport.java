package io.burstpipe.transport;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Batches as JSON arrays to {@code POST <target>/messages} (or another path), over a keep-alive connection pool. */
public final class HttpTransport implements Transport {

    private final WebClient client;
    private final String url;
    private final long timeoutMs;
    private final HttpClient http;

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
        this.client = WebClient.wrap(http);
        this.url = (target.endsWith("/") ? target.substring(0, target.length() - 1) : target) + path;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public CompletionStage<Answer> send(List<Message> batch) {
        Buffer body = Buffer.buffer(MessageJson.array(batch));
        // idleTimeout, not timeout: the latter also arms a pool-wait timer that races the pool in Vert.x 5.0
        // (eclipse-vertx/vert.x#6169) and logs "Promise already completed"; the pool is sized to the window
        return client.postAbs(url).putHeader("Content-Type", "application/json").idleTimeout(timeoutMs)
                .sendBuffer(body).map(HttpTransport::answer).toCompletionStage();
    }

    private static Answer answer(HttpResponse<Buffer> response) {
        int dropped = 0;
        String detail = "";
        try {
            JsonObject json = response.bodyAsJsonObject();
            if (json != null) {
                dropped = json.getInteger("dropped", 0);
                detail = json.getString("error", "");
            }
        } catch (RuntimeException e) {
            detail = response.bodyAsString();
        }
        long retryAfterMs = 0;
        String retryAfter = response.getHeader("Retry-After");
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            retryAfterMs = Long.parseLong(retryAfter) * 1000;
        }
        int status = response.statusCode();
        String reason = status + (detail == null || detail.isEmpty() ? "" : " " + detail);
        if (status >= 200 && status < 300) {
            return new Answer.Accepted(dropped);
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
        client.close();
        http.close();
    }
}
