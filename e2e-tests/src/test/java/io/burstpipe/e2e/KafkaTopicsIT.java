package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.kafka.KafkaTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link KafkaTopics#ensure} against the real broker: the topic has the partitions asked for, each with
 * a leader when ensure returns, and an idempotent producer with several requests in flight to every new
 * partition at once gets each record acknowledged well inside its delivery timeout; on an existing topic
 * ensure changes nothing.
 */
@ExtendWith(KafkaBroker.class)
@Timeout(180)
class KafkaTopicsIT {

    private static final int PARTITIONS = 6;

    @Test
    void aFreshTopicTakesWritesToEveryPartitionAsSoonAsEnsureReturns() throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        String prefix = "fresh-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000 + "-";
        for (int round = 0; round < 5; round++) {
            String topic = prefix + round;
            KafkaTopics.ensure(bootstrap, topic, PARTITIONS, (short) 1);
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                        .partitions()).as("a leader for each partition").allMatch(p -> p.leader() != null
                        && !p.leader().isEmpty()).hasSize(PARTITIONS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new StringSerializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < 3000; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, "record " + i)));
                }
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    // every record is in, none lost to a delivery timeout
                    assertThat(f.get(30, TimeUnit.SECONDS).hasOffset()).isTrue();
                }
            }
            // ensure on an existing topic leaves it as it is
            KafkaTopics.ensure(bootstrap, topic, 1, (short) 1);
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                        .partitions()).hasSize(PARTITIONS);
            }
        }
    }
}
