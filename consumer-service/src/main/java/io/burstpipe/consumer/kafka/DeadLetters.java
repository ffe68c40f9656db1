package io.burstpipe.consumer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that are not valid messages, sent to the dead-letter topic with the same key and value and headers
 * saying where they came from and why they were refused. A record's partition may commit past it only once the
 * topic has acknowledged it; a send that fails for good is counted and holds that commit, so a restart retries it.
 *
 * <p>Thread-safe: sends from the intake thread, acknowledgements on the Kafka producer's thread.
 */
final class DeadLetters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** Headers of a dead letter: where it came from and why it was refused. */
    static final String TOPIC_HEADER = "burstpipe.topic";
    static final String PARTITION_HEADER = "burstpipe.partition";
    static final String OFFSET_HEADER = "burstpipe.offset";
    static final String ERROR_HEADER = "burstpipe.error";

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaIntakeStats stats;

    DeadLetters(String bootstrap, String topic, KafkaIntakeStats stats) {
        this.topic = topic;
        this.stats = stats;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    String topic() {
        return topic;
    }

    /** Sends one refused record; {@code acknowledged} runs once the topic has it. */
    void send(ConsumerRecord<byte[], byte[]> record, String error, Runnable acknowledged) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, record.key(), record.value(),
                record.headers());
        letter.headers().add(ERROR_HEADER, error.getBytes(StandardCharsets.UTF_8))
                .add(TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8))
                .add(PARTITION_HEADER, String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add(OFFSET_HEADER, String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
        producer.send(letter, (metadata, failure) -> {
            if (failure == null) {
                stats.deadLettered.increment();
                acknowledged.run();
            } else {
                stats.deadLetterFailures.increment();
                LOG.error("dead-lettering {}-{}@{} failed; the partition will not commit past it: {}",
                        record.topic(), record.partition(), record.offset(), failure.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
