package io.burstpipe.producer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** The producer's own HTTP surface: health, Prometheus metrics, and a JSON snapshot. */
public final class ProducerVerticle extends VerticleBase {

    private final ProducerConfig config;
    private final ProducerCore core;
    private final ProducerStats stats;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile JsonObject latest = new JsonObject();
    private HttpServer server;
    private long timerId;
    private long lastSent;
    private long lastAcked;
    private long lastNanos = System.nanoTime();

    public ProducerVerticle(ProducerConfig config, ProducerCore core, ProducerStats stats) {
        this.config = config;
        this.core = core;
        this.stats = stats;
    }

    /** The last one-second snapshot (what /stats serves). */
    public JsonObject latest() {
        return latest;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        registerMetrics();
        tick();
        timerId = vertx.setPeriodic(1000, id -> tick());
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> {
            java.util.Optional<Throwable> died = core.generatorFailure();
            if (died.isPresent()) {
                json(ctx, 503, new JsonObject().put("status", "FAILED").put("reason", "generator failed: "
                        + died.get()));
                return;
            }
            boolean done = core.generatorDone().isSet();
            json(ctx, 200, new JsonObject().put("status", done ? "DONE" : "UP"));
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        router.get("/stats").handler(ctx -> json(ctx, 200, latest));
        return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(router).listen().onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timerId);
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void registerMetrics() {
        stage("generated", stats.generated);
        stage("sent", stats.sent);
        stage("acked", stats.acked);
        stage("dropped", stats.dropped);
        stage("failed", stats.failed);
        stage("unsent", stats.unsent);
        FunctionCounter.builder("burstpipe_producer_retries", stats.retries, LongAdder::sum)
                .description("Batches sent again with the same ids").register(registry);
        FunctionCounter.builder("burstpipe_producer_answers_rejected", stats.rejected, LongAdder::sum)
                .description("429 answers (consumer queue full)").register(registry);
        FunctionCounter.builder("burstpipe_producer_answers_unavailable", stats.unavailable, LongAdder::sum)
                .description("503 answers and transport errors").register(registry);
        FunctionCounter.builder("burstpipe_producer_window_blocked_seconds", stats.windowBlockedNanos,
                        a -> a.sum() / 1e9)
                .description("Time generation waited for a free in-flight slot").register(registry);
        Gauge.builder("burstpipe_producer_inflight_batches", core, ProducerCore::inflightBatches)
                .description("Batches sent and not yet answered").register(registry);
        Timer sendDelay = Timer.builder("burstpipe_producer_send_delay")
                .description("Actual first send time minus intended send time").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        stats.sendDelay.alsoRecordTo(micros -> sendDelay.record(micros, TimeUnit.MICROSECONDS));
    }

    private void stage(String stage, LongAdder counter) {
        FunctionCounter.builder("burstpipe_producer_messages", counter, LongAdder::sum).tag("stage", stage)
                .description("Producer messages by stage").register(registry);
    }

    private void tick() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        long sent = stats.sent.sum();
        long acked = stats.acked.sum();
        Histogram delay = stats.sendDelay.takeInterval();
        latest = new JsonObject().put("time", System.currentTimeMillis()).put("producerId", config.producerId())
                .put("generating", !core.generatorDone().isSet())
                .put("messages", new JsonObject().put("generated", stats.generated.sum()).put("sent", sent)
                        .put("acked", acked).put("dropped", stats.dropped.sum()).put("failed", stats.failed.sum())
                        .put("unsent", stats.unsent.sum()).put("outstanding", stats.outstanding()))
                .put("batches", new JsonObject().put("sent", stats.batchesSent.sum()).put("retries", stats.retries.sum())
                        .put("rejected", stats.rejected.sum()).put("unavailable", stats.unavailable.sum())
                        .put("inflight", core.inflightBatches()))
                .put("ratePerSec", new JsonObject().put("sent", (sent - lastSent) / seconds)
                        .put("acked", (acked - lastAcked) / seconds))
                .put("windowBlockedMs", TimeUnit.NANOSECONDS.toMillis(stats.windowBlockedNanos.sum()))
                .put("sendDelayMs", new JsonObject().put("count", delay.getTotalCount())
                        .put("p50", delay.getValueAtPercentile(50) / 1000.0)
                        .put("p99", delay.getValueAtPercentile(99) / 1000.0).put("max", delay.getMaxValue() / 1000.0));
        lastSent = sent;
        lastAcked = acked;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
