package io.burstpipe.loadtest;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The lag of a consumer group on one topic, read with Kafka's admin client: for each partition, the
 * log end offset minus the group's committed offset (a partition the group has not committed yet counts
 * from where the log ended when the load test started). This is how the load test watches someone
 * else's consumer drain what it was sent. Every call is bounded.
 */
public final class GroupLag implements AutoCloseable {

    private static final long TIMEOUT_MS = 3_000;

    private final Admin admin;
    private final String topic;
    private final String group;
    private Map<TopicPartition, Long> startEnds = Map.of();

    public GroupLag(String bootstrap, String topic, String group) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        this.admin = Admin.create(props);
        this.topic = topic;
        this.group = group;
    }

    public String group() {
        return group;
    }

    /** Remembers where each partition's log ends now: the base for partitions the group has not committed. */
    public void markStart() {
        Map<TopicPartition, Long> ends = ends();
        if (ends != null) {
            startEnds = ends;
        }
    }

    private Map<TopicPartition, Long> ends() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartitionInfo p : admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic).partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Total lag of the group on the topic now, or -1 if the broker cannot be asked. */
    /** The group's lag on the topic now, or empty if it cannot be read (unknown is not zero). */
    public OptionalLong lag() {
        Map<TopicPartition, Long> ends = ends();
        if (ends == null) {
            return OptionalLong.empty();
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long total = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                long from = c != null ? c.offset() : startEnds.getOrDefault(end.getKey(), 0L);
                total += Math.max(0, end.getValue() - from);
            }
            return OptionalLong.of(total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (Exception e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
