package io.burstpipe.consumer.http;

import static io.burstpipe.consumer.http.Replies.error;
import static io.burstpipe.consumer.http.Replies.json;

import io.burstpipe.api.ControlAction;
import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.profile.Durations;
import io.burstpipe.store.SlowStore;
import io.burstpipe.store.SlowStoreSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
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
 * the writers, switch the overflow policy, turn the slow store's knobs, or start the same shutdown as SIGTERM.
 * Each change is handed to {@code marks}, so the dashboard can draw it on its charts.
 */
final class ControlHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    private final Vertx vertx;
    private final String token;
    private final ConsumerCore core;
    private final Runnable shutdown;
    private final Consumer<String> marks;

    ControlHandler(Vertx vertx, String token, ConsumerCore core, Runnable shutdown, Consumer<String> marks) {
        this.vertx = vertx;
        this.token = token;
        this.core = core;
        this.shutdown = shutdown;
        this.marks = marks;
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
        String change = describe(what);
        LOG.info("control: {}", change);
        marks.accept(change);
        JsonObject body = new JsonObject().put("action", action).put("paused", core.isPaused())
                .put("policy", core.policy().cliName());
        slowStore().ifPresent(s -> body.put("store", settings(s.settings())));
        json(ctx, 200, body);
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
            case STORE -> {
                return adjustStore(ctx);
            }
            case SHUTDOWN -> vertx.setTimer(10, id -> shutdown.run());
        }
        return true;
    }

    /** {@code latency}, {@code jitter} and {@code failure-rate}, any of them; the others keep their values. */
    private boolean adjustStore(RoutingContext ctx) {
        Optional<SlowStore> store = slowStore();
        if (store.isEmpty()) {
            json(ctx, 409, error("this consumer's store has no knobs to turn"));
            return false;
        }
        SlowStoreSettings now = store.get().settings();
        try {
            String latency = ctx.queryParams().get("latency");
            String jitter = ctx.queryParams().get("jitter");
            String failure = ctx.queryParams().get("failure-rate");
            if (latency == null && jitter == null && failure == null) {
                throw new IllegalArgumentException("give at least one of latency=TIME, jitter=TIME, failure-rate=P");
            }
            Duration l = latency == null ? now.latency() : Durations.parse(latency);
            Duration j = jitter == null ? now.jitter() : Durations.parse(jitter);
            double f = failure == null ? now.failureRate() : parseRate(failure);
            store.get().adjust(new SlowStoreSettings(l, j, f));
            return true;
        } catch (IllegalArgumentException e) {
            json(ctx, 400, error(e.getMessage()));
            return false;
        }
    }

    private static double parseRate(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failure-rate must be a number from 0 to below 1 (was '" + text + "')");
        }
    }

    private Optional<SlowStore> slowStore() {
        return core.store() instanceof SlowStore s ? Optional.of(s) : Optional.empty();
    }

    private String describe(ControlAction what) {
        return switch (what) {
            case PAUSE -> "writers paused";
            case RESUME -> "writers resumed";
            case POLICY -> "overflow policy " + core.policy().cliName();
            case STORE -> slowStore().map(SlowStore::settings).map(s -> "store latency " + ms(s.latency())
                    + " jitter " + ms(s.jitter()) + " failure-rate " + s.failureRate()).orElse("store");
            case SHUTDOWN -> "shutdown";
        };
    }

    /** {@code 20ms}, {@code 0.5ms}: as the flags are written. */
    private static String ms(Duration d) {
        return java.math.BigDecimal.valueOf(d.toNanos() / 1e6).stripTrailingZeros().toPlainString() + "ms";
    }

    private static JsonObject settings(SlowStoreSettings s) {
        return new JsonObject().put("latencyMs", s.latency().toNanos() / 1e6)
                .put("jitterMs", s.jitter().toNanos() / 1e6).put("failureRate", s.failureRate());
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
