package io.burstpipe.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the messages topic when it is missing, so neither side depends on broker auto-creation, and
 * returns only once every partition is writable.
 *
 * <p>Writable matters: an idempotent producer whose first request to a new partition reaches the
 * broker before the broker has taken the partition on, while a second request gets in after, has the
 * first retried with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591). So after
 * creating, this waits until each partition has a leader and answers a list-offsets request.
 */
public final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaTopics() {
    }

    /**
     * Ensures {@code topic} exists, creating it with {@code partitions} partitions (replication factor
     * {@code replicas}) if not, and that all its partitions can be written. Another process creating it
     * at the same moment is fine. Fails after 30 s without a broker.
     */
    public static Future<Void> ensure(Vertx vertx, String bootstrap, String topic, int partitions, short replicas) {
        return vertx.executeBlocking(() -> {
            ensure(bootstrap, topic, partitions, replicas, TIMEOUT);
            return null;
        }, false);
    }

    /** The blocking form of {@link #ensure(Vertx, String, String, int, short)}. */
    public static void ensure(String bootstrap, String topic, int partitions, short replicas) throws Exception {
        ensure(bootstrap, topic, partitions, replicas, TIMEOUT);
    }

    /** As {@link #ensure(String, String, int, short)}, giving up after {@code timeout} (at least 2 s). */
    public static void ensure(String bootstrap, String topic, int partitions, short replicas, Duration timeout)
            throws Exception {
        int timeoutMs = (int) Math.max(2_000, timeout.toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(15_000, timeoutMs));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (Admin admin = Admin.create(config)) {
            if (!await(admin.listTopics().names(), timeoutMs, bootstrap, "listing topics").contains(topic)) {
                LOG.info("creating topic {} with {} partitions", topic, partitions);
                try {
                    await(admin.createTopics(List.of(new NewTopic(topic, partitions, replicas))).all(), timeoutMs,
                            bootstrap, "creating topic " + topic);
                } catch (TopicExistsException e) {
                    // another process made it first
                }
            }
            awaitWritable(admin, timeoutMs, bootstrap, topic, deadline);
        }
    }

    /**
     * The admin call's result. Its own timeout (default.api.timeout.ms) comes first and says what
     * timed out; the wait here is only a backstop, 5 s later.
     */
    private static <T> T await(KafkaFuture<T> future, int timeoutMs, String bootstrap, String what)
            throws Exception {
        try {
            return future.get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from Kafka at " + bootstrap + " within " + timeoutMs + " ms ("
                    + what + ")");
        }
    }

    /** Waits until every partition of {@code topic} has a leader that answers for it. */
    private static void awaitWritable(Admin admin, int timeoutMs, String bootstrap, String topic, long deadline)
            throws Exception {
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new TimeoutException("topic " + topic + " has partitions without a leader after " + timeoutMs
                        + " ms");
            }
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(left, TimeUnit.MILLISECONDS)
                        .get(topic);
            } catch (ExecutionException | TimeoutException e) {
                description = null; // not yet known to the broker answering; the deadline above ends the wait
            }
            if (description != null && description.partitions().stream().allMatch(KafkaTopics::hasLeader)) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                        OffsetSpec.latest()));
                // answered by each partition's leader, so it has taken the partition on
                await(admin.listOffsets(latest).all(), timeoutMs, bootstrap, "latest offsets of " + topic);
                return;
            }
            Thread.sleep(20);
        }
    }

    private static boolean hasLeader(TopicPartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty();
    }
}
