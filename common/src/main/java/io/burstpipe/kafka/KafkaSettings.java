package io.burstpipe.kafka;

/**
 * Kafka transport settings, shared by producer and consumer (each uses its own part).
 *
 * @param bootstrap     bootstrap servers, host:port[,host:port]
 * @param topic         topic the messages go to (created if missing)
 * @param partitions    partitions when the topic is created, 1..1000
 * @param group         consumer group of the consumer instances
 * @param lingerMs      Kafka producer linger.ms, 0..10000
 * @param batchBytes    Kafka producer batch.size in bytes, 1024..16777216
 * @param keyByProducer key records by producer id (one producer's messages stay in order in one partition)
 * @param deadLetterTopic where the consumer sends records it cannot decode, or {@code null} to skip them
 */
public record KafkaSettings(String bootstrap, String topic, int partitions, String group, int lingerMs, int batchBytes,
                            boolean keyByProducer, String deadLetterTopic) {

    public KafkaSettings {
        if (bootstrap == null || !bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException("--kafka-bootstrap must be host:port[,host:port...] (was '" + bootstrap
                    + "')");
        }
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("--kafka-topic must be 1..249 letters, digits, '.', '_' or '-' (was '"
                    + topic + "')");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException("--kafka-partitions must be between 1 and 1000 (was " + partitions + ")");
        }
        if (group == null || !group.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("--kafka-group must be 1..249 letters, digits, '.', '_' or '-' (was '"
                    + group + "')");
        }
        if (lingerMs < 0 || lingerMs > 10_000) {
            throw new IllegalArgumentException("--kafka-linger-ms must be between 0 and 10000 (was " + lingerMs + ")");
        }
        if (batchBytes < 1024 || batchBytes > 16 << 20) {
            throw new IllegalArgumentException("--kafka-batch-bytes must be between 1024 and 16777216 (was "
                    + batchBytes + ")");
        }
        if (deadLetterTopic != null && !deadLetterTopic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("--kafka-dead-letter-topic must be 1..249 letters, digits, '.', '_' or "
                    + "'-' (was '" + deadLetterTopic + "')");
        }
        if (topic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException("--kafka-dead-letter-topic must differ from --kafka-topic (both '"
                    + topic + "')");
        }
    }

    /** Settings without a dead-letter topic. */
    public KafkaSettings(String bootstrap, String topic, int partitions, String group, int lingerMs, int batchBytes,
                         boolean keyByProducer) {
        this(bootstrap, topic, partitions, group, lingerMs, batchBytes, keyByProducer, null);
    }
}
