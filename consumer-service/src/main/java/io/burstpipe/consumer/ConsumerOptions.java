package io.burstpipe.consumer;

import io.burstpipe.consumer.core.ConsumerConfig;
import io.burstpipe.cli.DrainOption;
import io.burstpipe.cli.DurationConverter;
import io.burstpipe.cli.QueueOptions;
import io.burstpipe.cli.SlowStoreOptions;
import io.burstpipe.consumer.core.ConnectionLimits;
import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.cli.KafkaOptions;
import java.nio.file.Path;
import io.burstpipe.transport.TransportKind;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The consumer's flags, shared by {@code burstpipe consumer} and {@code burstpipe up}. Every flag can also be set
 * by an environment variable of the same name ({@code --queue-capacity} is {@code BURSTPIPE_QUEUE_CAPACITY}).
 */
public final class ConsumerOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE} "
            + "(use 0.0.0.0 in a container).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port, 0..65535. Default: ${DEFAULT-VALUE}.")
    int port;

    @Mixin
    QueueOptions queue;

    @Option(names = "--overflow", defaultValue = "block", paramLabel = "POLICY", converter = PolicyConverter.class,
            description = "When the queue is full: block (the request waits), reject (429 + Retry-After), "
                    + "drop-newest, drop-oldest (drops counted and reported). Default: ${DEFAULT-VALUE}.")
    OverflowPolicy overflow;

    @Option(names = "--max-batch-messages", defaultValue = "10000", paramLabel = "N",
            description = "Largest batch per request (more is 413), 1..100000. Default: ${DEFAULT-VALUE}.")
    int maxBatchMessages;

    @Option(names = "--max-body-bytes", defaultValue = "4194304", paramLabel = "BYTES",
            description = "Largest request body (more is 413), 1024..268435456. Default: ${DEFAULT-VALUE}.")
    long maxBodyBytes;

    @Option(names = "--max-inflight-batches", defaultValue = "64", paramLabel = "N",
            description = "Requests taken in at once (more get 429), 1..4096. Default: ${DEFAULT-VALUE}.")
    int maxInflightBatches;

    @Option(names = "--max-body-total-bytes", defaultValue = "67108864", paramLabel = "BYTES",
            description = "Bytes of request bodies received at once, all requests together (beyond: 503 + "
                    + "Retry-After), 1048576..4294967296. Default: ${DEFAULT-VALUE}.")
    long maxBodyTotalBytes;

    @Option(names = "--max-connections", defaultValue = "1024", paramLabel = "N",
            description = "Open connections (more are closed at once), 1..100000. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--header-timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "A new connection must send its first request's headers within this (a kept-alive one "
                    + "waits --idle-timeout for the next), 1s..10m. Default: ${DEFAULT-VALUE}.")
    Duration headerTimeout;

    @Option(names = "--body-timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "A request body must arrive whole within this (else 408), 1s..10m. Default: ${DEFAULT-VALUE}.")
    Duration bodyTimeout;

    @Option(names = "--idle-timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "A connection with no traffic for this long is closed, 1s..1h. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--store", defaultValue = "embedded", paramLabel = "KIND",
            description = "embedded (a log file, no server) or postgres. Default: ${DEFAULT-VALUE}.")
    String store;

    @Option(names = "--store-dir", defaultValue = "data/consumer", paramLabel = "DIR",
            description = "Embedded store directory. Default: ${DEFAULT-VALUE}.")
    Path storeDir;

    @Option(names = "--pg-url", paramLabel = "URI",
            description = "PostgreSQL URI for --store postgres, e.g. postgresql://postgres@127.0.0.1:5432/test.")
    String pgUrl;

    @Option(names = "--pg-table", defaultValue = "burstpipe_messages", paramLabel = "NAME",
            description = "PostgreSQL table (created if missing). Default: ${DEFAULT-VALUE}.")
    String pgTable;

    @Option(names = "--pg-pool-size", defaultValue = "4", paramLabel = "N",
            description = "PostgreSQL connections, 1..64. Default: ${DEFAULT-VALUE}.")
    int pgPoolSize;

    @Mixin
    SlowStoreOptions slowStore;

    @Mixin
    DrainOption drain;

    @Option(names = "--control-token", paramLabel = "TOKEN", defaultValue = "",
            description = "Bearer token for POST /control/{pause,resume,policy,shutdown}; without it they answer 401.")
    String controlToken;

    @Option(names = "--transport", defaultValue = "http", paramLabel = "KIND",
            description = "http (POST /messages), kafka (also consume --kafka-topic in --kafka-group) or auto: "
                    + KafkaOptions.AUTO_TRANSPORT + " Default: ${DEFAULT-VALUE}.")
    String transport;

    @Mixin
    KafkaOptions kafkaOptions;

    @Option(names = "--pause-above", defaultValue = "0", paramLabel = "N",
            description = "Kafka: pause the assigned partitions when this many messages are queued; 0 = 80%% of "
                    + "--queue-capacity.")
    int pauseAbove;

    @Option(names = "--resume-below", defaultValue = "-1", paramLabel = "N",
            description = "Kafka: resume them when the queue is down to this; -1 = 20%% of --queue-capacity.")
    int resumeBelow;

    @Option(names = "--kafka-max-poll-records", defaultValue = "" + ConsumerConfig.Kafka.MAX_POLL_RECORDS,
            paramLabel = "N", description = "Kafka: the most records one poll brings (max.poll.records), 1..100000. "
                    + "Records fetched before a pause still go into the queue, so a poll much larger than the gap "
                    + "between --pause-above and --resume-below swamps the water marks. Default: ${DEFAULT-VALUE}.")
    int maxPollRecords;

    /**
     * The checked configuration.
     *
     * @throws IllegalArgumentException naming the flag and what it allows
     */
    public ConsumerConfig toConfig() {
        TransportKind chosen = kafkaOptions.chooseTransport(transport);
        ConsumerConfig.Store where = switch (store) {
            case "embedded" -> new ConsumerConfig.Embedded(storeDir);
            case "postgres" -> new ConsumerConfig.Postgres(pgUrl, pgTable, pgPoolSize);
            default -> throw new IllegalArgumentException("--store must be embedded or postgres (was '" + store + "')");
        };
        Optional<ConsumerConfig.Kafka> kafka = chosen != TransportKind.KAFKA ? Optional.empty()
                : Optional.of(new ConsumerConfig.Kafka(kafkaOptions.toSettings(),
                        pauseAbove > 0 ? pauseAbove : Math.max(1, queue.capacity() * 4 / 5),
                        resumeBelow >= 0 ? resumeBelow : queue.capacity() / 5, maxPollRecords));
        return new ConsumerConfig(host, port, new ConsumerConfig.HttpIntake(maxBatchMessages, maxBodyBytes,
                maxInflightBatches, new ConnectionLimits(maxBodyTotalBytes, maxConnections, headerTimeout, bodyTimeout,
                idleTimeout)), new ConsumerConfig.Queue(queue.capacity(), overflow, queue.batchSize(),
                queue.writers()), where, slowStore.toSettings(), drain.drainTimeout(), controlToken, kafka);
    }

    static final class PolicyConverter implements ITypeConverter<OverflowPolicy> {
        @Override
        public OverflowPolicy convert(String value) {
            try {
                return OverflowPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
