package io.burstpipe.producer;

import io.burstpipe.transport.KafkaTransport;
import io.burstpipe.transport.HttpTransport;
import io.burstpipe.transport.Transport;
import io.burstpipe.cli.Signals;
import io.burstpipe.flow.Event;
import io.burstpipe.transport.TransportKind;
import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.kafka.KafkaTopics;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer process: generator, HTTP transport, its own health/metrics server, a status line a
 * second, and the graceful stop (SIGTERM, Ctrl-C, or the end of --duration/--messages): stop
 * generating, finish the batches in flight, report anything unsent.
 */
public final class ProducerApp {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerApp.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ProducerConfig config;
    private final PrintStream out;
    private final ProducerStats stats = new ProducerStats();
    private final Event stopRequested = new Event();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private Vertx vertx;
    private Transport transport;
    private ProducerCore core;
    private ProducerVerticle verticle;
    private Optional<String> reportTo;

    /** Reports its figures to the consumer it sends to over HTTP, to no one over Kafka (see {@link #reportingTo}). */
    public ProducerApp(ProducerConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.reportTo = config.transport() == TransportKind.HTTP ? Optional.of(config.target()) : Optional.empty();
    }

    /** Where to report this producer's own figures once a second (a consumer's base URL), or nowhere. */
    public ProducerApp reportingTo(Optional<String> baseUrl) {
        this.reportTo = baseUrl;
        return this;
    }

    /** SIGTERM and SIGINT start the graceful stop until the registration is closed. */
    public Signals.Registration handleSignals() {
        return Signals.onStop(name -> {
            if (signalled.compareAndSet(false, true)) {
                LOG.info("SIG{} received: stopping", name);
            }
            stopRequested.set();
        });
    }

    /** Starts the same graceful stop as SIGTERM; returns at once. */
    public void requestStop() {
        stopRequested.set();
    }

    /**
     * Runs until generation ends or a stop is requested, then drains; returns the exit status.
     *
     * @throws IllegalStateException if it cannot start (its port is taken, Kafka cannot be reached), with a
     *                               one-line message
     */
    public int run() throws Exception {
        LOG.info("producer config: {}", config.describe());
        vertx = Vertx.vertx();
        transport = openTransport();
        core = new ProducerCore(config, transport, stats);
        verticle = new ProducerVerticle(config, core, stats);
        try {
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        LOG.info("producer {} sending to {}; its metrics on http://{}:{}/metrics", config.producerId(),
                config.destination(), config.host(), verticle.port());
        core.start();
        Optional<ProducerReporter> reporter = reportTo.map(url -> new ProducerReporter(vertx, url, config, core, stats)
                .start());
        reporter.ifPresent(r -> LOG.info("reporting this producer's figures to {} once a second", r.url()));
        while (!stopRequested.await(1, TimeUnit.SECONDS) && !core.generatorDone().isSet()) {
            status();
        }
        say("stopping: generation stops, %d batches in flight finish within %s (--drain-timeout)%s",
                core.inflightBatches(), config.drainTimeout().toSeconds() + " s", core.reachability().describe());
        ProducerCore.Report report = drainShowingProgress();
        status();
        reporter.ifPresent(ProducerReporter::close);
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return summarize(report);
    }

    /** The summary and the check; returns the exit status. */
    private int summarize(ProducerCore.Report report) {
        say("summary: generated %d, acked %d (%s), dropped by the consumer %d, "
                        + "failed %d, unsent %d; %d retries; drain took %d ms", report.generated(), report.acked(),
                config.transport() == TransportKind.KAFKA ? "in the Kafka log, acks=all" : "durable in the consumer's store",
                report.dropped(), report.failed(), report.unsent(), report.retries(), report.drainMillis());
        if (core.reachability().unreachable()) {
            say("the destination %s could not be reached:%s", config.destination(), core.reachability().describe());
        }
        core.generatorFailure().ifPresent(e -> say("the generator failed: %s", e));
        boolean ok = report.complete() && core.generatorFailure().isEmpty();
        say("check: generated %d == acked %d + dropped %d: %s", report.generated(), report.acked(), report.dropped(),
                ok ? "OK" : "FAILED");
        return ok ? 0 : 1;
    }

    private Transport openTransport() throws Exception {
        if (config.transport() != TransportKind.KAFKA) {
            return new HttpTransport(vertx, config.target(), config.window(), config.requestTimeout().toMillis());
        }
        KafkaSettings kafka = config.kafka();
        try {
            KafkaTopics.ensure(kafka.bootstrap(), kafka.topic(), kafka.partitions(), (short) 1);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot reach Kafka at " + kafka.bootstrap() + " to create topic "
                    + kafka.topic() + ": " + e.getMessage(), e);
        }
        return new KafkaTransport(vertx, kafka, config.requestTimeout().toMillis());
    }

    /** The drain, with a line a second while it waits, so a long one is never silent. */
    private ProducerCore.Report drainShowingProgress() throws InterruptedException {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        Thread progress = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    TimeUnit.SECONDS.sleep(1);
                    say("draining: %d batches in flight, %d messages unconfirmed; %d s left%s", core.inflightBatches(),
                            stats.outstanding(), Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())),
                            core.reachability().describe());
                }
            } catch (InterruptedException e) {
                // the drain is over
            }
        }, "drain-progress");
        progress.setDaemon(true);
        progress.start();
        try {
            return core.drain();
        } finally {
            progress.interrupt();
            progress.join(2_000);
        }
    }

    private void status() {
        long blockedMs = TimeUnit.NANOSECONDS.toMillis(stats.windowBlockedNanos.sum());
        say("generated=%d sent=%d acked=%d dropped=%d inflight=%d retries=%d window-blocked=%dms send-delay-p99=%.1fms%s",
                stats.generated.sum(), stats.sent.sum(), stats.acked.sum(), stats.dropped.sum(),
                core.inflightBatches(), stats.retries.sum(), blockedMs,
                verticle.latest().getJsonObject("sendDelayMs", new io.vertx.core.json.JsonObject()).getDouble("p99", 0.0),
                core.reachability().describe());
    }

    private void say(String format, Object... args) {
        out.println(LocalTime.now().format(CLOCK) + ": " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
