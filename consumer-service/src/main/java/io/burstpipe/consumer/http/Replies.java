package io.burstpipe.consumer.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers of the consumer's HTTP front. */
final class Replies {

    private Replies() {
    }

    static JsonObject error(String message) {
        return new JsonObject().put("error", message);
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        json(ctx.response(), status, body);
    }

    /** Answers, unless the client has already gone (then there is nobody to answer). */
    static void json(HttpServerResponse response, int status, JsonObject body) {
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
        }
    }
}
