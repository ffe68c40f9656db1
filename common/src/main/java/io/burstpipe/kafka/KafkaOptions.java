package io.burstpipe.kafka;

import picocli.CommandLine.Option;

/** The Kafka flags, shared by producer and consumer. */
public final class KafkaOptions {

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
