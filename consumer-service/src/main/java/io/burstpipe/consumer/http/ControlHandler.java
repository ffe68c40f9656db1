package io.burstpipe.consumer.http;

import static io.burstpipe.consumer.http.Replies.error;
import static io.burstpipe.consumer.http.Replies.json;

import io.burstpipe.api.ControlAction;
import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.intake.OverflowPolicy;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /control/:action}, guarded by the bearer token the consumer was started with: pause and resume
 * the writers, switch the overflow policy, or start the same shutdown as SIGTERM.
 */
final class ControlHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    private final Vertx vertx;
    private final String token;
    private final ConsumerCore core;
    private final Runnable shutdown;

    ControlHandler(Vertx vertx, String token, ConsumerCore core, Runnable shutdown) {
        this.vertx = vertx;
        this.token = token;
        this.core = core;
        this.shutdown = shutdown;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (token.isEmpty()) {
            json(ctx, 401, error("control endpoints are disabled: start the consumer with --control-token"));
            return;
        }
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !constantTimeEquals(auth.substring(7), token)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            json(ctx, 401, error("missing or wrong bearer token (Authorization: Bearer <--control-token>)"));
            return;
        }
        String action = ctx.pathParam("action");
        ControlAction what;
        try {
            what = ControlAction.parse(action);
        } catch (IllegalArgumentException e) {
            json(ctx, 404, error(e.getMessage()));
            return;
        }
        if (!apply(what, ctx)) {
            return;
        }
        LOG.info("control: {} {}", action, ctx.queryParams().isEmpty() ? "" : ctx.queryParams());
        json(ctx, 200, new JsonObject().put("action", action).put("paused", core.isPaused())
                .put("policy", core.policy().cliName()));
    }

    /** Does what was asked; false when it answered with an error instead. */
    private boolean apply(ControlAction what, RoutingContext ctx) {
        switch (what) {
            case PAUSE -> core.pause();
            case RESUME -> core.resume();
            case POLICY -> {
                String value = ctx.queryParams().get("value");
                try {
                    core.setPolicy(OverflowPolicy.parse(value == null ? "" : value));
                } catch (IllegalArgumentException e) {
                    json(ctx, 400, error(e.getMessage()));
                    return false;
                }
            }
            case SHUTDOWN -> vertx.setTimer(10, id -> shutdown.run());
        }
        return true;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
