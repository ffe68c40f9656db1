package io.burstpipe.consumer.http;

import io.burstpipe.consumer.ConsumerConfig;
import io.burstpipe.consumer.ConsumerCore;
import io.burstpipe.consumer.intake.Admission;
import io.burstpipe.consumer.intake.BatchOutcome;
import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.consumer.kafka.KafkaIntake;
import io.burstpipe.message.Message;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's HTTP front: {@code POST /messages}, health, metrics, stats, the live dashboard and
 * its event stream, and the token-guarded control endpoints. Never blocks its event loop: intake runs
 * on a worker pool, and a batch is answered when its ticket settles.
 */
public final class ConsumerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerVerticle.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    private final ConsumerConfig config;
    private final ConsumerCore core;
    private final Runnable shutdown;
    private final KafkaIntake kafka;
    private final AtomicInteger inflight = new AtomicInteger();
    private final Set<HttpServerResponse> streams = ConcurrentHashMap.newKeySet();
    private ConsumerMetrics metrics;
    private StatsTicker ticker;
    private long depthTimerId = -1;
    private BatchParser parser;
    private WorkerExecutor intakePool;
    private HttpServer server;
    private long timerId = -1;

    /** @param shutdown what {@code POST /control/shutdown} starts (the same as SIGTERM) */
    public ConsumerVerticle(ConsumerConfig config, ConsumerCore core, KafkaIntake kafka, Runnable shutdown) {
        this.config = config;
        this.core = core;
        this.kafka = kafka;
        this.shutdown = shutdown;
    }

    /** Requests taken in and not yet answered. */
    public int inflight() {
        return inflight.get();
    }

    /** The bound port (useful with --port 0). */
    public int port() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        metrics = new ConsumerMetrics(core, inflight::get, kafka);
        ticker = new StatsTicker(core, inflight::get, kafka);
        parser = new BatchParser(config.maxBatchMessages());
        intakePool = vertx.createSharedWorkerExecutor("intake", Math.min(config.maxInflightBatches(), 256));
        timerId = vertx.setPeriodic(1000, id -> publish(ticker.tick()));
        depthTimerId = vertx.setPeriodic(10, id -> ticker.sampleDepth());
        Router router = Router.router(vertx);
        router.post("/messages").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(this::receive);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/stats").handler(ctx -> json(ctx, 200, ticker.latest()));
        router.get("/events").handler(this::stream);
        router.post("/control/:action").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::control);
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
        router.errorHandler(413, ctx -> json(ctx, 413, error("request body larger than " + config.maxBodyBytes()
                + " bytes (--max-body-bytes); send smaller batches")));
        ticker.tick();
        return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                        .setCompressionSupported(false))
                .requestHandler(router).listen().onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timerId);
        vertx.cancelTimer(depthTimerId);
        streams.forEach(r -> r.end());
        Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
        return closing.eventually(() -> intakePool.close());
    }

    private void ready(RoutingContext ctx) {
        boolean ready = !core.isStopping();
        json(ctx, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "STOPPING"));
    }

    private void receive(RoutingContext ctx) {
        long arrivedMicros = System.currentTimeMillis() * 1000;
        if (core.isStopping()) {
            reply503(ctx, "consumer is stopping; retry against another instance or later");
            return;
        }
        List<Message> batch;
        try {
            batch = parser.parse(ctx.request().getHeader("Content-Type"), ctx.body().buffer());
        } catch (BadRequest e) {
            core.intakeStats().invalidBatches.increment();
            json(ctx, e.status(), error(e.getMessage()));
            return;
        }
        if (inflight.incrementAndGet() > config.maxInflightBatches()) {
            inflight.decrementAndGet();
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            json(ctx, 429, error("too many batches in flight (--max-inflight-batches " + config.maxInflightBatches()
                    + "); retry later"));
            return;
        }
        intakePool.executeBlocking(() -> core.intake().admit(batch, arrivedMicros), false)
                .compose(admission -> answer(ctx, admission))
                .onComplete(ar -> {
                    inflight.decrementAndGet();
                    if (ar.failed()) {
                        LOG.error("intake failed", ar.cause());
                        if (!ctx.response().ended()) {
                            json(ctx, 500, error("intake failed: " + ar.cause().getMessage()));
                        }
                    }
                });
    }

    private Future<Void> answer(RoutingContext ctx, Admission admission) {
        if (admission instanceof Admission.Rejected r) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            json(ctx, 429, error("queue full (" + r.depth() + "/" + r.capacity() + ", overflow policy reject); "
                    + "retry after " + RETRY_AFTER_SECONDS + " s"));
            return Future.succeededFuture();
        }
        if (admission instanceof Admission.Stopping) {
            reply503(ctx, "consumer is stopping; retry against another instance or later");
            return Future.succeededFuture();
        }
        Admission.Accepted accepted = (Admission.Accepted) admission;
        return Future.fromCompletionStage(accepted.outcome(), context).map(outcome -> {
            reply(ctx, outcome);
            return null;
        });
    }

    private void reply(RoutingContext ctx, BatchOutcome outcome) {
        JsonObject body = new JsonObject().put("received", outcome.size()).put("stored", outcome.stored())
                .put("dropped", outcome.dropped());
        if (outcome.settled()) {
            json(ctx, 200, body);
        } else {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            json(ctx, 503, body.put("notAccepted", outcome.notAccepted()).put("abandoned", outcome.abandoned())
                    .put("error", "consumer stopped before the whole batch was stored; retry the batch"));
        }
    }

    private void reply503(RoutingContext ctx, String message) {
        ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        json(ctx, 503, error(message));
    }

    private void stream(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").putHeader("Connection", "keep-alive");
        streams.add(response);
        response.closeHandler(v -> streams.remove(response));
        response.write("retry: 1000\n\ndata: " + ticker.latest().encode() + "\n\n");
    }

    private void publish(JsonObject snapshot) {
        String event = "data: " + snapshot.encode() + "\n\n";
        for (HttpServerResponse response : streams) {
            if (response.closed() || response.ended()) {
                streams.remove(response);
            } else if (!response.writeQueueFull()) {
                response.write(event);
            }
        }
    }

    private void control(RoutingContext ctx) {
        if (config.controlToken().isEmpty()) {
            json(ctx, 401, error("control endpoints are disabled: start the consumer with --control-token"));
            return;
        }
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !constantTimeEquals(auth.substring(7), config.controlToken())) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            json(ctx, 401, error("missing or wrong bearer token (Authorization: Bearer <--control-token>)"));
            return;
        }
        String action = ctx.pathParam("action");
        switch (action) {
            case "pause" -> core.pause();
            case "resume" -> core.resume();
            case "policy" -> {
                String value = ctx.queryParams().get("value");
                try {
                    core.setPolicy(OverflowPolicy.parse(value == null ? "" : value));
                } catch (IllegalArgumentException e) {
                    json(ctx, 400, error(e.getMessage()));
                    return;
                }
            }
            case "shutdown" -> vertx.setTimer(10, id -> shutdown.run());
            default -> {
                json(ctx, 404, error("unknown control action '" + action + "'; allowed: pause, resume, "
                        + "policy?value=POLICY, shutdown"));
                return;
            }
        }
        LOG.info("control: {} {}", action, ctx.queryParams().isEmpty() ? "" : ctx.queryParams());
        json(ctx, 200, new JsonObject().put("action", action).put("paused", core.isPaused())
                .put("policy", core.policy().cliName()));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject error(String message) {
        return new JsonObject().put("error", message);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
