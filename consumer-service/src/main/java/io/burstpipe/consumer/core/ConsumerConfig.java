package io.burstpipe.consumer.core;

import static io.burstpipe.config.FlagChecks.requireBetween;
import static io.burstpipe.config.FlagChecks.requireRange;

import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.store.SlowStoreSettings;
import io.burstpipe.transport.TransportKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the consumer service, grouped by concern and validated on construction; errors name the flag and its
 * range. {@link #defaults()} is what {@code burstpipe consumer} runs with no flags; the withers change one group.
 *
 * @param host         address to bind; 127.0.0.1 unless the service must be reachable from elsewhere
 * @param port         HTTP port, 0..65535 (0 picks a free one)
 * @param http         what one request may carry and what clients may hold
 * @param queue        the bounded queue and its store writers
 * @param store        where messages are stored
 * @param slow         how slow the store is made
 * @param drainTimeout bound on the drain at shutdown, 1 s..1 h
 * @param controlToken bearer token for control endpoints; empty disables them
 * @param kafka        Kafka intake besides HTTP, or empty for HTTP only
 */
public record ConsumerConfig(String host, int port, HttpIntake http, Queue queue, Store store, SlowStoreSettings slow,
                             Duration drainTimeout, String controlToken, Optional<Kafka> kafka) {

    /**
     * @param maxBatchMessages   largest batch one request may carry, 1..100 000 (more is 413)
     * @param maxBodyBytes       largest request body, 1 KiB..256 MiB (more is 413)
     * @param maxInflightBatches requests being taken in at once, 1..4096 (more get 429)
     * @param limits             what slow, stuck or many clients may hold
     */
    public record HttpIntake(int maxBatchMessages, long maxBodyBytes, int maxInflightBatches, ConnectionLimits limits) {
        public static final HttpIntake DEFAULTS = new HttpIntake(10_000, 4L << 20, 64, ConnectionLimits.DEFAULTS);

        public HttpIntake {
            requireRange("--max-batch-messages", maxBatchMessages, 1, 100_000);
            requireRange("--max-body-bytes", maxBodyBytes, 1024, 256L * 1024 * 1024);
            requireRange("--max-inflight-batches", maxInflightBatches, 1, 4096);
            Objects.requireNonNull(limits, "connection limits");
        }
    }

    /**
     * @param capacity  bounded queue, in messages, 1..1 000 000
     * @param policy    what to do when it is full
     * @param batchSize messages per store write, 1..10 000
     * @param writers   store writer threads, 1..64
     */
    public record Queue(int capacity, OverflowPolicy policy, int batchSize, int writers) {
        public static final Queue DEFAULTS = new Queue(10, OverflowPolicy.BLOCK, 10, 1);

        public Queue {
            requireRange("--queue-capacity", capacity, 1, 1_000_000);
            Objects.requireNonNull(policy, "--overflow");
            requireRange("--batch-size", batchSize, 1, 10_000);
            requireRange("--writers", writers, 1, 64);
        }
    }

    /** Where messages go: the embedded log (no server) or PostgreSQL. */
    public sealed interface Store permits Embedded, Postgres {
        String describe();
    }

    /** @param dir the store directory (created if missing; one process at a time) */
    public record Embedded(Path dir) implements Store {
        public Embedded {
            Objects.requireNonNull(dir, "--store-dir");
        }

        @Override
        public String describe() {
            return "store=embedded store-dir=" + dir;
        }
    }

    /**
     * @param url      e.g. postgresql://user@127.0.0.1:5432/test
     * @param table    table name (created if missing)
     * @param poolSize connections, 1..64
     */
    public record Postgres(String url, String table, int poolSize) implements Store {
        public Postgres {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("--pg-url is required with --store postgres");
            }
            Objects.requireNonNull(table, "--pg-table");
            requireRange("--pg-pool-size", poolSize, 1, 64);
        }

        @Override
        public String describe() {
            return "store=postgres pg-url=" + url.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@") + " pg-table="
                    + table;
        }
    }

    /**
     * @param settings    bootstrap, topic, group, dead letters
     * @param pauseAbove  pause the partitions when queued messages reach this, 1..capacity
     * @param resumeBelow resume when the queue is down to this, 0..pauseAbove-1
     * @param maxPollRecords the most records one poll brings (Kafka's max.poll.records), 1..100000
     */
    public record Kafka(KafkaSettings settings, int pauseAbove, int resumeBelow, int maxPollRecords) {

        /** Records one poll brings unless told otherwise: enough for the store writers' batches at full speed. */
        public static final int MAX_POLL_RECORDS = 5000;

        public Kafka {
            Objects.requireNonNull(settings, "kafka settings");
        }
    }

    public ConsumerConfig {
        Objects.requireNonNull(host, "--host");
        requireRange("--port", port, 0, 65_535);
        Objects.requireNonNull(http, "http intake");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(store, "--store");
        Objects.requireNonNull(slow, "slow store");
        requireBetween("--drain-timeout", drainTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        controlToken = controlToken == null ? "" : controlToken;
        Objects.requireNonNull(kafka, "kafka");
        if (kafka.isPresent()) {
            requireRange("--pause-above", kafka.get().pauseAbove(), 1, queue.capacity());
            requireRange("--resume-below", kafka.get().resumeBelow(), 0, kafka.get().pauseAbove() - 1);
            requireRange("--kafka-max-poll-records", kafka.get().maxPollRecords(), 1, 100_000);
        }
    }

    /** What {@code burstpipe consumer} runs with no flags: 127.0.0.1:8080, the embedded store in data/consumer. */
    public static ConsumerConfig defaults() {
        return new ConsumerConfig("127.0.0.1", 8080, HttpIntake.DEFAULTS, Queue.DEFAULTS,
                new Embedded(Path.of("data/consumer")), SlowStoreSettings.DEFAULTS, Duration.ofSeconds(30), "",
                Optional.empty());
    }

    public TransportKind transport() {
        return kafka.isPresent() ? TransportKind.KAFKA : TransportKind.HTTP;
    }

    public ConsumerConfig withPort(int newPort) {
        return new ConsumerConfig(host, newPort, http, queue, store, slow, drainTimeout, controlToken, kafka);
    }

    public ConsumerConfig withHttp(HttpIntake newHttp) {
        return new ConsumerConfig(host, port, newHttp, queue, store, slow, drainTimeout, controlToken, kafka);
    }

    public ConsumerConfig withQueue(Queue newQueue) {
        return new ConsumerConfig(host, port, http, newQueue, store, slow, drainTimeout, controlToken, kafka);
    }

    public ConsumerConfig withStore(Store newStore) {
        return new ConsumerConfig(host, port, http, queue, newStore, slow, drainTimeout, controlToken, kafka);
    }

    public ConsumerConfig withSlow(SlowStoreSettings newSlow) {
        return new ConsumerConfig(host, port, http, queue, store, newSlow, drainTimeout, controlToken, kafka);
    }

    public ConsumerConfig withDrainTimeout(Duration newTimeout) {
        return new ConsumerConfig(host, port, http, queue, store, slow, newTimeout, controlToken, kafka);
    }

    public ConsumerConfig withControlToken(String newToken) {
        return new ConsumerConfig(host, port, http, queue, store, slow, drainTimeout, newToken, kafka);
    }

    public ConsumerConfig withKafka(Optional<Kafka> newKafka) {
        return new ConsumerConfig(host, port, http, queue, store, slow, drainTimeout, controlToken, newKafka);
    }

    /** The effective configuration for the start-up log, with secrets hidden. */
    public String describe() {
        return "host=" + host + " port=" + port + " queue-capacity=" + queue.capacity() + " overflow="
                + queue.policy().cliName() + " batch-size=" + queue.batchSize() + " writers=" + queue.writers()
                + " max-batch-messages=" + http.maxBatchMessages() + " max-body-bytes=" + http.maxBodyBytes()
                + " max-inflight-batches=" + http.maxInflightBatches() + " " + http.limits().describe() + " "
                + store.describe() + " " + slow.describe() + " drain-timeout=" + drainTimeout.toSeconds()
                + "s control-token=" + (controlToken.isEmpty() ? "(none: control endpoints disabled)" : "(set)")
                + " transport=" + transport().cliName() + kafka.map(k -> " kafka-bootstrap=" + k.settings().bootstrap()
                + " kafka-topic=" + k.settings().topic() + " kafka-group=" + k.settings().group() + " pause-above="
                + k.pauseAbove() + " resume-below=" + k.resumeBelow() + " kafka-max-poll-records="
                + k.maxPollRecords()).orElse("");
    }
}
