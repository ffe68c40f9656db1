package io.burstpipe.producer;

import io.burstpipe.api.ProducerReport;
import io.burstpipe.api.ProducerReportJson;
import io.burstpipe.profile.BurstProfile;
import io.burstpipe.profile.RateProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the consumer, once a second, what this producer intended to send, what it sent and how long it was held
 * back ({@code POST <url>/producers/report}), so the consumer's dashboard can show the offered load and the
 * push-back felt here. On its own connection, so a report never waits behind the batches in flight. A consumer
 * that takes no reports (404, 405) is told no more; one that is down is tried again next second.
 *
 * <p>Runs on a Vert.x timer: {@link #start()} and {@link #close()} from any thread.
 */
final class ProducerReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerReporter.class);
    static final String PATH = "/producers/report";

    private final Vertx vertx;
    private final WebClient client;
    private final String url;
    private final ProducerConfig config;
    private final ProducerCore core;
    private final ProducerStats stats;
    private final Optional<ProducerReport.Burst> burst;
    private final OfferedCount offered;
    private long timerId = -1;
    private volatile boolean refused;
    /** The status of the last refusal logged; touched on the client's event loop only. */
    private int lastRefusal;

    ProducerReporter(Vertx vertx, String baseUrl, ProducerConfig config, ProducerCore core, ProducerStats stats) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setConnectTimeout(2_000),
                new PoolOptions().setHttp1MaxSize(1));
        this.url = baseUrl.replaceAll("/+$", "") + PATH;
        this.config = config;
        this.core = core;
        this.stats = stats;
        RateProfile profile = config.profile().toProfile();
        this.burst = profile instanceof BurstProfile b
                ? Optional.of(new ProducerReport.Burst(b.onMillis(), b.offMillis())) : Optional.empty();
        this.offered = new OfferedCount(config.profile().schedule(config.seed()), config.messages(),
                config.duration());
    }

    String url() {
        return url;
    }

    ProducerReporter start() {
        timerId = vertx.setPeriodic(1000, id -> report());
        return this;
    }

    /** The figures now; empty until the generator has started. Reporter thread only (it advances the count). */
    synchronized Optional<ProducerReport> read() {
        return core.started().map(start -> {
            long now = System.nanoTime();
            return new ProducerReport(config.producerId(), System.currentTimeMillis(), start.epochMillis(),
                    offered.at(Math.min(now, core.stoppedAtNanos()) - start.nanos()), stats.generated.sum(), stats.sent.sum(), stats.retries.sum(),
                    stats.rejected.sum(), stats.windowWaited.sum(), stats.windowBlockedNanosAt(now),
                    core.inflightBatches(), config.window(), config.profile().describe(), burst);
        });
    }

    private Future<?> report() {
        Optional<ProducerReport> report = read();
        if (refused || report.isEmpty()) {
            return Future.succeededFuture();
        }
        return client.postAbs(url).timeout(2_000).sendJsonObject(ProducerReportJson.encode(report.get()))
                .onSuccess(response -> {
                    int status = response.statusCode();
                    if (status == 404 || status == 405) {
                        refused = true;
                        LOG.info("{} takes no producer reports ({}); not sending them", url, status);
                    } else if (status >= 400 && status != lastRefusal) {
                        lastRefusal = status; // said once per kind of refusal, not every second
                        LOG.warn("producer report refused by {}: {} {}", url, status, response.bodyAsString());
                    }
                })
                .onFailure(e -> LOG.debug("producer report to {} not delivered: {}", url, e.toString()));
    }

    /** Sends the last report, so the consumer sees the final figures (waiting for it up to 3 s), and stops. */
    @Override
    public void close() {
        vertx.cancelTimer(timerId);
        try {
            report().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("last producer report to {} not delivered: {}", url, e.toString());
        } finally {
            client.close();
        }
    }
}
