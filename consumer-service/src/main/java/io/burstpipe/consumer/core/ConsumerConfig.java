package io.burstpipe.consumer.core;

import static io.burstpipe.config.FlagChecks.requireBetween;
import static io.burstpipe.config.FlagChecks.requireRange;

import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the consumer service, validated on construction; errors name the flag and its range.
 *
 * @param host               address to bind; 127.0.0.1 unless the service must be reachable from elsewhere
 * @param port               HTTP port, 0..65535 (0 picks a free one)
 * @param queueCapacity      bounded queue, in messages, 1..1 000 000
 * @param policy             what to do when the queue is full
 * @param batchSize          messages per store write, 1..10 000
 * @param writers            store writer threads, 1..64
 * @param maxBatchMessages   largest batch one request may carry, 1..100 000 (more is 413)
 * @param maxBodyBytes       largest request body, 1 KiB..256 MiB (more is 413)
 * @param maxInflightBatches requests being taken in at once, 1..4096 (more get 429)
 * @param store              {@code embedded} or {@code postgres}
 * @param storeDir           embedded store directory
 * @param pgUrl              PostgreSQL connection URI, e.g. postgresql://user@127.0.0.1:5432/test
 * @param pgTable            PostgreSQL table name
 * @param pgPoolSize         PostgreSQL connections, 1..64
 * @param storeLatency       added to every batch write, 0..60 s
 * @param storeJitter        ± spread of the latency, 0..60 s
 * @param storeFailureRate   probability a batch write fails and is retried, 0 ≤ p < 1
 * @param drainTimeout       bound on the drain at shutdown, 1 s..1 h
 * @param controlToken       bearer token for control endpoints; empty disables them
 * @param transport          {@code http} (POST /messages only) or {@code kafka} (also a Kafka consumer)
 * @param kafka              Kafka settings, used with transport kafka
 * @param pauseAbove         with Kafka: pause the partitions when queued messages reach this, 1..capacity
 * @param resumeBelow        with Kafka: resume when the queue is down to this, 0..pauseAbove-1
 * @param connectionLimits   what slow, stuck or many clients may hold: body bytes at once, connections, timeouts
 */
public record ConsumerConfig(String host, int port, int queueCapacity, OverflowPolicy policy, int batchSize,
                             int writers, int maxBatchMessages, long maxBodyBytes, int maxInflightBatches,
                             String store, Path storeDir, String pgUrl, String pgTable, int pgPoolSize, Duration storeLatency,
                             Duration storeJitter, double storeFailureRate, Duration drainTimeout,
                             String controlToken, String transport, KafkaSettings kafka, int pauseAbove,
                             int resumeBelow, ConnectionLimits connectionLimits) {

    public ConsumerConfig {
        Objects.requireNonNull(host, "--host");
        Objects.requireNonNull(policy, "--overflow");
        requireRange("--port", port, 0, 65_535);
        requireRange("--queue-capacity", queueCapacity, 1, 1_000_000);
        requireRange("--batch-size", batchSize, 1, 10_000);
        requireRange("--writers", writers, 1, 64);
        requireRange("--max-batch-messages", maxBatchMessages, 1, 100_000);
        if (maxBodyBytes < 1024 || maxBodyBytes > 256L * 1024 * 1024) {
            throw new IllegalArgumentException("--max-body-bytes must be between 1024 and 268435456 (was "
                    + maxBodyBytes + ")");
        }
        requireRange("--max-inflight-batches", maxInflightBatches, 1, 4096);
        if (!store.equals("embedded") && !store.equals("postgres")) {
            throw new IllegalArgumentException("--store must be embedded or postgres (was '" + store + "')");
        }
        if (store.equals("postgres") && (pgUrl == null || pgUrl.isBlank())) {
            throw new IllegalArgumentException("--pg-url is required with --store postgres");
        }
        requireRange("--pg-pool-size", pgPoolSize, 1, 64);
        requireBetween("--store-latency", storeLatency, Duration.ZERO, Duration.ofSeconds(60));
        requireBetween("--store-jitter", storeJitter, Duration.ZERO, Duration.ofSeconds(60));
        if (!(storeFailureRate >= 0.0 && storeFailureRate < 1.0)) {
            throw new IllegalArgumentException(
                    "--store-failure-rate must be at least 0.0 and below 1.0 (was " + storeFailureRate + ")");
        }
        requireBetween("--drain-timeout", drainTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        controlToken = controlToken == null ? "" : controlToken;
        Objects.requireNonNull(connectionLimits, "connection limits");
        if (!"http".equals(transport) && !"kafka".equals(transport)) {
            throw new IllegalArgumentException("--transport must be http or kafka (was '" + transport + "')");
        }
        if ("kafka".equals(transport)) {
            Objects.requireNonNull(kafka, "kafka settings");
            requireRange("--pause-above", pauseAbove, 1, queueCapacity);
            requireRange("--resume-below", resumeBelow, 0, pauseAbove - 1);
        }
    }

    /** The same settings over HTTP only, as most tests and the embedded default use. */
    public static ConsumerConfig http(String host, int port, int queueCapacity, OverflowPolicy policy, int batchSize,
                                      int writers, int maxBatchMessages, long maxBodyBytes, int maxInflightBatches,
                                      String store, Path storeDir, String pgUrl, String pgTable, int pgPoolSize,
                                      Duration storeLatency, Duration storeJitter, double storeFailureRate,
                                      Duration drainTimeout, String controlToken) {
        return new ConsumerConfig(host, port, queueCapacity, policy, batchSize, writers, maxBatchMessages,
                maxBodyBytes, maxInflightBatches, store, storeDir, pgUrl, pgTable, pgPoolSize, storeLatency,
                storeJitter, storeFailureRate, drainTimeout, controlToken, "http", null, queueCapacity, 0,
                ConnectionLimits.DEFAULTS);
    }

    /** The same settings with other connection limits. */
    public ConsumerConfig withConnectionLimits(ConnectionLimits limits) {
        return new ConsumerConfig(host, port, queueCapacity, policy, batchSize, writers, maxBatchMessages, maxBodyBytes,
                maxInflightBatches, store, storeDir, pgUrl, pgTable, pgPoolSize, storeLatency, storeJitter,
                storeFailureRate, drainTimeout, controlToken, transport, kafka, pauseAbove, resumeBelow, limits);
    }

    /** The effective configuration for the start-up log, with the token hidden. */
    public String describe() {
        return "host=" + host + " port=" + port + " queue-capacity=" + queueCapacity + " overflow=" + policy.cliName()
                + " batch-size=" + batchSize + " writers=" + writers + " max-batch-messages=" + maxBatchMessages
                + " max-body-bytes=" + maxBodyBytes + " max-inflight-batches=" + maxInflightBatches + " "
                + connectionLimits.describe()
                + " store=" + store + (store.equals("embedded") ? " store-dir=" + storeDir : " pg-url=" + redact(pgUrl) + " pg-table=" + pgTable)
                + " store-latency=" + storeLatency.toMillis() + "ms store-jitter=" + storeJitter.toMillis()
                + "ms store-failure-rate=" + storeFailureRate + " drain-timeout=" + drainTimeout.toSeconds()
                + "s control-token=" + (controlToken.isEmpty() ? "(none: control endpoints disabled)" : "(set)")
                + " transport=" + transport + ("kafka".equals(transport) ? " kafka-bootstrap=" + kafka.bootstrap()
                + " kafka-topic=" + kafka.topic() + " kafka-group=" + kafka.group() + " pause-above=" + pauseAbove
                + " resume-below=" + resumeBelow : "");
    }

    private static String redact(String url) {
        return url == null ? "" : url.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
    }
}
