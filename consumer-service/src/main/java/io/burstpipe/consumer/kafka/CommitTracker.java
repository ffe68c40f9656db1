package io.burstpipe.consumer.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What each assigned partition may commit: records are tracked as they are taken in, settled when they are durable
 * (or were skipped, or dead-lettered), and a partition commits only up to its longest settled prefix
 * ({@link PartitionOffsets}). Store writers settle from their threads through {@link #noteSettled}; the intake
 * thread takes the notes in before each commit, so a partition revoked in between is never committed for.
 *
 * <p>Thread contract: {@link #noteSettled} from any thread; every other method on the intake thread only.
 */
final class CommitTracker {

    /** One settled share of a poll: the partition's tracker it belongs to, and its last offset. */
    private record Settled(TopicPartition partition, PartitionOffsets offsets, long offset) {
    }

    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
    private final ConcurrentLinkedQueue<Settled> settled = new ConcurrentLinkedQueue<>();

    /** A share of a poll up to {@code lastOffset} was taken in; returns the handle to settle it with. */
    Share track(TopicPartition tp, long lastOffset) {
        PartitionOffsets partition = offsets.computeIfAbsent(tp, k -> new PartitionOffsets());
        partition.track(lastOffset);
        return new Share(tp, partition, lastOffset);
    }

    /** One partition's share of a poll, settled once: at once on the intake thread, or later by a note. */
    final class Share {
        private final TopicPartition tp;
        private final PartitionOffsets partition;
        private final long lastOffset;

        private Share(TopicPartition tp, PartitionOffsets partition, long lastOffset) {
            this.tp = tp;
            this.partition = partition;
            this.lastOffset = lastOffset;
        }

        /** On the intake thread: nothing in the share needs waiting for. */
        void settleNow() {
            partition.settle(lastOffset);
        }

        /** From any thread: everything in the share is done; the intake thread takes the note in. */
        void noteSettled() {
            settled.add(new Settled(tp, partition, lastOffset));
        }
    }

    /** Takes the writers' notes in; a note for a partition since revoked is dropped (the next owner re-reads). */
    void takeSettled() {
        Settled s;
        while ((s = settled.poll()) != null) {
            if (offsets.get(s.partition()) == s.offsets()) {
                s.offsets().settle(s.offset());
            }
        }
    }

    /** What to commit now: per partition, the next offset past its settled prefix, where it moved. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        takeSettled();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, partition) -> {
            long next = partition.toCommit();
            if (next >= 0) {
                commit.put(tp, new OffsetAndMetadata(next));
            }
        });
        return commit;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> commit) {
        commit.forEach((tp, om) -> {
            PartitionOffsets partition = offsets.get(tp);
            if (partition != null) {
                partition.committed(om.offset());
            }
        });
    }

    /** The last offset committed for a partition, or -1. */
    long lastCommitted(TopicPartition tp) {
        PartitionOffsets partition = offsets.get(tp);
        return partition == null ? -1 : partition.lastCommitted();
    }

    /** Partitions that are no longer ours: forget them (what was not committed is re-read by the next owner). */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(offsets::remove);
    }

    /** How far each partition's committed offset is behind its end offset; reported into {@code stats}. */
    void lag(Map<TopicPartition, Long> ends, KafkaIntakeStats stats) {
        long total = 0;
        Map<Integer, Long> each = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            long committed = lastCommitted(end.getKey());
            long behind = committed < 0 ? 0 : Math.max(0, end.getValue() - committed);
            each.put(end.getKey().partition(), behind);
            total += behind;
        }
        stats.lag(total, each);
    }
}
