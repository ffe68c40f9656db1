package io.burstpipe.cli;

import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.transport.TransportKind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The Kafka flags, shared by producer and consumer. */
public final class KafkaOptions {

    /** What --transport auto means, for the producer's and the consumer's --help. */
    public static final String AUTO_TRANSPORT = "kafka when the --kafka-bootstrap host name resolves (in docker "
            + "compose: the kafka service of --profile kafka is up), else http.";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaOptions.class);

    @Option(names = "--kafka-bootstrap", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (with --transport kafka). Default: ${DEFAULT-VALUE}.")
    String bootstrap;

    @Option(names = "--kafka-topic", defaultValue = "burstpipe.messages", paramLabel = "NAME",
            description = "Topic of the messages, created if missing. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--kafka-partitions", defaultValue = "6", paramLabel = "N",
            description = "Partitions when the topic is created, 1..1000. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--kafka-group", defaultValue = "burstpipe-consumers", paramLabel = "NAME",
            description = "Consumer group; instances in one group share the partitions. Default: ${DEFAULT-VALUE}.")
    String group;

    @Option(names = "--kafka-linger-ms", defaultValue = "5", paramLabel = "MS",
            description = "Producer linger.ms: how long the Kafka client waits to fill a batch. Default: ${DEFAULT-VALUE}.")
    int lingerMs;

    @Option(names = "--kafka-batch-bytes", defaultValue = "131072", paramLabel = "BYTES",
            description = "Producer batch.size per partition. Default: ${DEFAULT-VALUE}.")
    int batchBytes;

    @Option(names = "--kafka-key", defaultValue = "producer", paramLabel = "KEY",
            description = "Record key: producer (one producer's messages stay ordered in one partition) or none "
                    + "(spread over partitions). Default: ${DEFAULT-VALUE}.")
    String key;

    @Option(names = "--kafka-dead-letter-topic", paramLabel = "NAME",
            description = "Consumer: send records that are not valid messages to this topic (with their origin and "
                    + "the error in headers) instead of only skipping them. Default: none (count, log, skip).")
    String deadLetterTopic;

    /**
     * The transport to run: {@code http} or {@code kafka} as given, or for {@code auto} kafka when any
     * bootstrap host name resolves and http when none does.
     *
     * @throws IllegalArgumentException naming the flag and what it allows
     */
    public TransportKind chooseTransport(String transport) {
        switch (transport) {
            case "http":
                return TransportKind.HTTP;
            case "kafka":
                return TransportKind.KAFKA;
            case "auto":
                TransportKind chosen = anyHostResolves(bootstrap) ? TransportKind.KAFKA : TransportKind.HTTP;
                LOG.info("--transport auto: Kafka bootstrap {} {}, so the transport is {}", bootstrap,
                        chosen == TransportKind.KAFKA ? "resolves" : "does not resolve", chosen.cliName());
                return chosen;
            default:
                throw new IllegalArgumentException("--transport must be http, kafka or auto (was '" + transport + "')");
        }
    }

    static boolean anyHostResolves(String bootstrap) {
        for (String server : bootstrap.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            String host = colon < 0 ? s : s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                continue;
            }
            try {
                InetAddress.getByName(host);
                return true;
            } catch (UnknownHostException e) {
                // try the next one
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException naming the flag */
    public KafkaSettings toSettings() {
        if (!key.equals("producer") && !key.equals("none")) {
            throw new IllegalArgumentException("--kafka-key must be producer or none (was '" + key + "')");
        }
        return new KafkaSettings(bootstrap, topic, partitions, group, lingerMs, batchBytes, key.equals("producer"),
                deadLetterTopic == null || deadLetterTopic.isEmpty() || deadLetterTopic.equals("none") ? null
                        : deadLetterTopic);
    }
}
