package io.burstpipe.consumer.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /events}: server-sent events carrying one stats snapshot a second to every open dashboard. A
 * viewer that cannot keep up skips snapshots instead of growing a buffer.
 */
final class EventStream {

    private final Set<HttpServerResponse> streams = ConcurrentHashMap.newKeySet();

    /** Opens a stream and sends {@code first} at once. */
    void open(RoutingContext ctx, JsonObject first) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").putHeader("Connection", "keep-alive");
        streams.add(response);
        response.closeHandler(v -> streams.remove(response));
        response.write("retry: 1000\n\ndata: " + first.encode() + "\n\n");
    }

    void publish(JsonObject snapshot) {
        String event = "data: " + snapshot.encode() + "\n\n";
        for (HttpServerResponse response : streams) {
            if (response.closed() || response.ended()) {
                streams.remove(response);
            } else if (!response.writeQueueFull()) {
                response.write(event);
            }
        }
    }

    void closeAll() {
        streams.forEach(HttpServerResponse::end);
    }
}
