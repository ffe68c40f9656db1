package io.burstpipe.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the messages topic when it is missing, so neither side depends on broker auto-creation. */
public final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    /**
     * Ensures {@code topic} exists, creating it with {@code partitions} partitions (replication factor
     * {@code replicas}) if not. Another process creating it at the same moment is fine.
     */
    public static Future<Void> ensure(Vertx vertx, String bootstrap, String topic, int partitions, short replicas) {
        KafkaAdminClient admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", bootstrap,
                "request.timeout.ms", "15000", "default.api.timeout.ms", "30000"));
        return admin.listTopics().compose(topics -> {
            if (topics.contains(topic)) {
                return Future.<Void>succeededFuture();
            }
            LOG.info("creating topic {} with {} partitions", topic, partitions);
            return admin.createTopics(List.of(new NewTopic(topic, partitions, replicas)))
                    .recover(e -> e.getMessage() != null && e.getMessage().contains("already exists")
                            ? Future.succeededFuture() : Future.failedFuture(e));
        }).eventually(() -> admin.close());
    }
}
