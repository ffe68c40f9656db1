package io.burstpipe.consumer.http;

import static io.burstpipe.consumer.http.Replies.error;
import static io.burstpipe.consumer.http.Replies.json;

import io.burstpipe.consumer.codec.BadRequest;
import io.burstpipe.consumer.codec.BatchParser;
import io.burstpipe.consumer.core.ConsumerConfig;
import io.burstpipe.api.ConsumerStats;
import io.burstpipe.api.ConsumerStatsJson;
import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.intake.Admission;
import io.burstpipe.consumer.intake.BatchOutcome;
import io.burstpipe.consumer.intake.IntendedSeconds;
import io.burstpipe.consumer.kafka.KafkaIntake;
import io.burstpipe.message.Message;
import io.burstpipe.store.SeqIndex;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
    private final EventStream events = new EventStream();
    private final ProducerReports reports = new ProducerReports();
    private ConsumerMetrics metrics;
    private StatsTicker ticker;
    private long depthTimerId = -1;
    private BatchParser parser;
    private BodyReader bodies;
    private ConnectionGuard connections;
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
        metrics = new ConsumerMetrics(core, inflight::get, kafka == null ? null : kafka.stats());
        parser = new BatchParser(config.http().maxBatchMessages());
        bodies = new BodyReader(vertx, config.http().maxBodyBytes(), config.http().limits());
        connections = new ConnectionGuard(vertx, config.http().limits());
        ticker = new StatsTicker(core, inflight::get, kafka == null ? null : kafka.stats(), this::connectionFigures,
                reports);
        intakePool = vertx.createSharedWorkerExecutor("intake", Math.min(config.http().maxInflightBatches(), 256));
        timerId = vertx.setPeriodic(1000, id -> events.publish(withBottleneck(ticker.tick(),
                SendersJson.RECENT_SECONDS)));
        depthTimerId = vertx.setPeriodic(StatsTicker.SAMPLE_PERIOD_MILLIS,
                id -> ticker.sampleDepth().ifPresent(events::depth));
        Router router = router();
        ticker.tick();
        HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setCompressionSupported(false).setHttp2ClearTextEnabled(false).setIdleTimeout((int) config.http().limits().idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        http.connectionHandler(connections::opened);
        // the hot path skips the router; every request first proves it sent its headers in time (h2c is off, so
        // the connection handler sees a connection as it opens, not at its first request)
        http.requestHandler(request -> {
            connections.requestArrived(request);
            if (request.method() == HttpMethod.POST && "/messages".equals(request.path())) {
                receive(request);
            } else {
                router.handle(request);
            }
        });
        return http.listen().onSuccess(s -> server = s);
    }

    /** Everything but {@code POST /messages}, which skips the router. */
    private Router router() {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/stats").handler(ctx -> json(ctx, 200, withBottleneck(ticker.latest(),
                SendersJson.RECENT_SECONDS)));
        router.get("/stats/stored").handler(this::storedFor);
        // a page that connects gets every second of the offered load kept, not only the recent ones
        router.get("/events").handler(ctx -> events.open(ctx, withBottleneck(ticker.latest(),
                IntendedSeconds.SECONDS - 1)));
        router.post(ProducerReportHandler.PATH).handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(new ProducerReportHandler(reports));
        router.post("/control/:action").handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(new ControlHandler(vertx, config.controlToken(), core, shutdown, events::mark));
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
        return router;
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timerId);
        vertx.cancelTimer(depthTimerId);
        events.closeAll();
        Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
        return closing.eventually(() -> intakePool.close());
    }

    /**
     * The stats as JSON, with the consumer's own bottleneck readout over its last seconds, the reporting producers'
     * figures, and the offered load by intended send time over the last {@code offeredSeconds}.
     */
    private JsonObject withBottleneck(ConsumerStats stats, int offeredSeconds) {
        JsonObject json = ConsumerStatsJson.encode(stats).put("bottleneck", BottleneckJson.encode(ticker.bottleneck()));
        return SendersJson.put(json, ticker.senders(), core.intakeStats().intended, offeredSeconds);
    }

    private ConsumerStats.Connections connectionFigures() {
        return new ConsumerStats.Connections(connections.open(), connections.refused.sum(),
                connections.headerTimeouts.sum(), bodies.inUseBytes(), bodies.timedOut.sum(),
                bodies.refusedOverBudget.sum());
    }

    /**
     * {@code GET /stats/stored?producer=ID}: how many distinct ids of that producer the store holds, durably, counted
     * by the store itself (so across restarts, unlike the counters of {@code /stats}); with {@code &seqs=true} also
     * their sequence numbers ({@code seqs}: {@link SeqIndex#encode}), so several consumers' stores can be counted
     * together.
     */
    private void storedFor(RoutingContext ctx) {
        String producer = ctx.request().getParam("producer");
        if (producer == null || producer.isBlank() || producer.length() > 200) {
            json(ctx, 400, new JsonObject().put("error", "GET /stats/stored needs ?producer=ID, a producer id of 1 "
                    + "to 200 characters"));
            return;
        }
        boolean seqs = "true".equals(ctx.request().getParam("seqs"));
        vertx.executeBlocking(() -> {
            if (!seqs) {
                return new JsonObject().put("producer", producer).put("stored", core.store().countByProducer(producer));
            }
            org.roaringbitmap.longlong.Roaring64NavigableMap held = core.store().seqsOf(producer);
            return new JsonObject().put("producer", producer).put("stored", held.getLongCardinality())
                    .put("seqs", SeqIndex.encode(held));
        }, false)
                .onSuccess(answer -> json(ctx, 200, answer))
                .onFailure(e -> json(ctx, 503, new JsonObject().put("error", "the store could not count: "
                        + e.getMessage())));
    }

    private void ready(RoutingContext ctx) {
        Throwable died = kafka == null ? null : kafka.failure().orElse(null);
        if (died != null) {
            json(ctx, 503, new JsonObject().put("status", "FAILED").put("reason", "kafka intake died: " + died));
            return;
        }
        Optional<String> writer = core.writerFailure();
        if (writer.isPresent()) {
            json(ctx, 503, new JsonObject().put("status", "FAILED").put("reason", writer.get()));
            return;
        }
        boolean ready = !core.isStopping();
        json(ctx, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "STOPPING"));
    }

    private void receive(HttpServerRequest request) {
        long arrivedMicros = System.currentTimeMillis() * 1000;
        HttpServerResponse response = request.response();
        if (core.isStopping()) {
            bodies.refuse(request, 503, "consumer is stopping; retry against another instance or later");
            return;
        }
        if (inflight.incrementAndGet() > config.http().maxInflightBatches()) {
            inflight.decrementAndGet();
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
            bodies.refuse(request, 429, "too many batches in flight (--max-inflight-batches "
                    + config.http().maxInflightBatches() + "); retry later");
            return;
        }
        boolean[] counted = {true};
        // a client that leaves mid-body frees its slot; one that leaves later holds it until its batch settles
        bodies.read(request, body -> {
            List<Message> batch;
            try {
                batch = parser.parse(request.getHeader("Content-Type"), body);
            } catch (BadRequest e) {
                release(counted);
                core.intakeStats().invalidBatches.increment();
                json(response, e.status(), error(e.getMessage()));
                return;
            }
            intakePool.executeBlocking(() -> core.intake().admit(batch, arrivedMicros), false)
                    .compose(admission -> answer(response, admission))
                    .onComplete(ar -> {
                        release(counted);
                        if (ar.failed()) {
                            failed(response, ar.cause());
                        }
                    });
        }, () -> release(counted));
    }

    private void release(boolean[] counted) {
        if (counted[0]) {
            counted[0] = false;
            inflight.decrementAndGet();
        }
    }

    /** Intake failed: one WARN line when the client is gone or the consumer is stopping, else the stack trace. */
    private void failed(HttpServerResponse response, Throwable cause) {
        if (response.closed() || core.isStopping()) {
            LOG.warn("batch not answered ({}): {}", response.closed() ? "client gone" : "stopping", cause.toString());
        } else {
            LOG.error("intake failed", cause);
        }
        if (!response.ended() && !response.closed()) {
            json(response, 500, error("intake failed: " + cause.getMessage()));
        }
    }

    private Future<Void> answer(HttpServerResponse response, Admission admission) {
        if (admission instanceof Admission.Rejected r) {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
            json(response, 429, error("queue full (" + r.depth() + "/" + r.capacity() + ", overflow policy reject); "
                    + "retry after " + RETRY_AFTER_SECONDS + " s"));
            return Future.succeededFuture();
        }
        if (admission instanceof Admission.Stopping) {
            reply503(response, "consumer is stopping; retry against another instance or later");
            return Future.succeededFuture();
        }
        Admission.Accepted accepted = (Admission.Accepted) admission;
        return Future.fromCompletionStage(accepted.outcome(), context).map(outcome -> {
            reply(response, outcome);
            return null;
        });
    }

    private void reply(HttpServerResponse response, BatchOutcome outcome) {
        JsonObject body = new JsonObject().put("received", outcome.size()).put("stored", outcome.stored())
                .put("duplicates", outcome.duplicates()).put("dropped", outcome.dropped());
        if (outcome.settled()) {
            json(response, 200, body);
        } else {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
            json(response, 503, body.put("notAccepted", outcome.notAccepted()).put("abandoned", outcome.abandoned())
                    .put("error", "consumer stopped before the whole batch was stored; retry the batch"));
        }
    }

    private void reply503(HttpServerResponse response, String message) {
        response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
        json(response, 503, error(message));
    }
}
