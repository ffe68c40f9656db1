package io.burstpipe.consumer;

import io.burstpipe.cli.Signals;
import io.burstpipe.consumer.core.ConsumerConfig;
import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.http.ConsumerVerticle;
import io.burstpipe.consumer.kafka.KafkaIntake;
import io.burstpipe.consumer.store.PgStore;
import io.burstpipe.flow.Event;
import io.burstpipe.store.EmbeddedStore;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.SlowStore;
import io.burstpipe.store.StoreException;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer process: store, core, HTTP verticle, and the graceful stop that SIGTERM, Ctrl-C or
 * {@code POST /control/shutdown} starts: readiness goes false and new batches get 503, requests in
 * flight are finished, the queue drains, the store flushes, a summary is logged, and the process exits
 * 0 (1 if anything had to be abandoned) within --drain-timeout plus a few seconds.
 */
public final class ConsumerApp {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerApp.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    private final ConsumerConfig config;
    private final Event terminated = new Event();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Vertx vertx;
    private ConsumerCore core;
    private ConsumerVerticle verticle;
    private KafkaIntake kafka;
    private volatile int exitStatus;
    /** Set once start() has finished; a stop before that (a signal while starting, or after a failed start) has
     * nothing to drain. */
    private volatile boolean started;

    private final KafkaIntake.Clients kafkaClients;
    private volatile boolean intakeDied;

    public ConsumerApp(ConsumerConfig config) {
        this(config, KafkaIntake.Clients.KAFKA);
    }

    /** @param kafkaClients makes the Kafka consumer (tests wrap the real client to inject a fault) */
    public ConsumerApp(ConsumerConfig config, KafkaIntake.Clients kafkaClients) {
        this.config = config;
        this.kafkaClients = kafkaClients;
    }

    /** Starts everything; returns once the HTTP port is open. */
    public ConsumerApp start() throws StoreException, InterruptedException {
        LOG.info("consumer config: {}", config.describe());
        vertx = Vertx.vertx();
        MessageStore store;
        try {
            store = openStore();
        } catch (StoreException e) {
            vertx.close();
            throw e;
        }
        core = new ConsumerCore(config, store).start();
        // Kafka first: once the HTTP server answers, readiness says the whole consumer is up
        if (config.kafka().isPresent()) {
            startKafka(config.kafka().get());
        }
        startHttp();
        LOG.info("consumer ready: http://{}:{}/ (dashboard), store {}", config.host(), verticle.port(),
                store.describe());
        started = true;
        return this;
    }

    private void startKafka(ConsumerConfig.Kafka k) throws StoreException, InterruptedException {
        kafka = new KafkaIntake(vertx, k.settings(), core, k.pauseAbove(), k.resumeBelow(), k.maxPollRecords(),
                kafkaClients);
        // a dead intake takes nothing in: readiness says so at once (503), and the consumer stops, exit 1
        kafka.onFailure(cause -> {
            intakeDied = true;
            LOG.error("kafka intake died ({}): readiness is 503 and the consumer stops with exit status 1",
                    cause.toString());
            stopInBackground();
        });
        try {
            kafka.start().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            core.drain();
            vertx.close();
            throw new StoreException("cannot consume from Kafka at " + k.settings().bootstrap() + ": "
                    + cause.getMessage(), cause);
        }
    }

    private void startHttp() throws StoreException, InterruptedException {
        verticle = new ConsumerVerticle(config, core, kafka, this::stopInBackground);
        try {
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (kafka != null) {
                finished(kafka.close(), 15, "closing Kafka intake");
            }
            core.drain();
            vertx.close();
            throw new StoreException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + cause.getMessage(), cause);
        }
    }

    private MessageStore openStore() throws StoreException {
        MessageStore base = config.store() instanceof ConsumerConfig.Postgres pg
                ? PgStore.open(vertx, pg.url(), pg.table(), pg.poolSize())
                : EmbeddedStore.open(((ConsumerConfig.Embedded) config.store()).dir());
        return config.slow().wrap(base, ThreadLocalRandom.current().nextLong());
    }

    /** SIGTERM and SIGINT start the graceful stop instead of killing the JVM at once, until closed. */
    public Signals.Registration handleSignals() {
        return Signals.onStop(name -> {
            LOG.info("SIG{} received: stopping", name);
            stopInBackground();
        });
    }

    /** Starts the same graceful stop as SIGTERM; returns at once. */
    public void requestStop() {
        stopInBackground();
    }

    public int port() {
        return verticle.port();
    }

    /** Blocks until the stop has finished (a stop that something has yet to request); returns the exit status. */
    public int awaitTermination() throws InterruptedException {
        terminated.await();
        return exitStatus;
    }

    /**
     * As {@link #awaitTermination()}, for a stop already requested, with a bound.
     *
     * @throws TimeoutException if the stop has not finished within {@code within}
     */
    public int awaitTermination(java.time.Duration within) throws InterruptedException, TimeoutException {
        if (!terminated.await(within)) {
            throw new TimeoutException("the consumer did not stop within " + within.toSeconds() + " s");
        }
        return exitStatus;
    }

    private void stopInBackground() {
        if (stopping.compareAndSet(false, true)) {
            Thread thread = new Thread(this::stop, "shutdown");
            thread.start();
        }
    }

    /** Waits for a step of the stop; a failure or timeout is logged (one line) and reported as false. */
    private static boolean finished(io.vertx.core.Future<?> step, long seconds, String what)
            throws InterruptedException {
        try {
            step.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            LOG.warn("{} failed: {}", what, e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("{} did not finish within {} s", what, seconds);
        }
        return false;
    }

    private void stop() {
        if (!started) {
            exitStatus = 1;
            terminated.set();
            return;
        }
        try {
            long start = System.nanoTime();
            core.beginStopping();
            boolean paused = kafka == null || finished(kafka.pauseForStop(), 10, "pausing Kafka intake"
                    + " (the drain runs anyway; offsets commit only up to what is durable)");
            long deadline = start + config.drainTimeout().toNanos();
            while (verticle.inflight() > 0 && System.nanoTime() < deadline) {
                terminated.await(20, TimeUnit.MILLISECONDS); // requests in flight finish before the drain ends
            }
            ConsumerCore.DrainReport report = core.drain();
            boolean kafkaClosed = kafka == null || finished(kafka.close(), 15, "closing Kafka intake (its last "
                    + "commit; the group re-reads what was not committed)");
            finished(vertx.close(), 10, "closing Vert.x");
            LOG.info("consumer stopped in {} ms: stored {} new, {} duplicates skipped, {} abandoned; store {}",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), report.stored(), report.duplicates(),
                    report.abandoned(), report.storeClosed() ? "closed" : "NOT closed cleanly");
            if (report.failedWriters() > 0) {
                LOG.error("{} store writer(s) failed while running; exit status 1", report.failedWriters());
            }
            exitStatus = report.clean() && paused && kafkaClosed && !intakeDied ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitStatus = 1;
        } finally {
            terminated.set();
        }
    }
}
