package io.burstpipe.consumer.kafka;

import io.burstpipe.consumer.ConsumerCore;
import io.burstpipe.consumer.http.BadRequest;
import io.burstpipe.consumer.http.BatchParser;
import io.burstpipe.consumer.intake.BatchTicket;
import io.burstpipe.consumer.intake.Envelope;
import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.kafka.KafkaTopics;
import io.burstpipe.message.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka intake: one consumer in the group, records into the same bounded pipeline and store writers
 * as HTTP intake. Backpressure by pausing the assigned partitions when the queue passes
 * {@code pauseAbove} and resuming below {@code resumeBelow}; records already fetched wait in a small
 * overflow (at most one poll's worth). Records arrive a whole poll at a time. Offsets are committed only up
 * to records that are durable (or
 * were skipped as undecodable), so after a crash or a rebalance the next owner re-reads from there and
 * the idempotent store drops the repeats.
 *
 * <p>Everything but the counters runs on one Vert.x context.
 */
public final class KafkaIntake {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIntake.class);
    private static final long MOVE_MILLIS = 5;
    private static final long COMMIT_MILLIS = 200;
    private static final long LAG_MILLIS = 1000;

    private final Vertx vertx;
    private final KafkaSettings settings;
    private final ConsumerCore core;
    private final int pauseAbove;
    private final int resumeBelow;
    private final BatchParser parser = new BatchParser(1);
    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final ArrayDeque<Envelope> overflow = new ArrayDeque<>();
    private final Map<Integer, TopicPartition> partitions = new HashMap<>();
    /** Records made durable by the store writers, waiting to be marked committable on the event loop. */
    private final ConcurrentLinkedQueue<Settled> settled = new ConcurrentLinkedQueue<>();

    private record Settled(TopicPartition partition, PartitionOffsets offsets, long offset) {
    }
    public final LongAdder undecodable = new LongAdder();
    public final LongAdder pauses = new LongAdder();
    public final LongAdder resumes = new LongAdder();
    public final LongAdder commits = new LongAdder();
    private final AtomicLong lag = new AtomicLong();
    private volatile Map<Integer, Long> partitionLag = Map.of();
    private volatile boolean paused;
    private volatile boolean stopping;
    private Context context;
    private KafkaConsumer<String, String> consumer;
    private long moveTimer = -1;
    private long commitTimer = -1;
    private long lagTimer = -1;

    public KafkaIntake(Vertx vertx, KafkaSettings settings, ConsumerCore core, int pauseAbove, int resumeBelow) {
        this.vertx = vertx;
        this.settings = settings;
        this.core = core;
        this.pauseAbove = pauseAbove;
        this.resumeBelow = resumeBelow;
    }

    public boolean isPaused() {
        return paused;
    }

    /** Total lag of the assigned partitions: end offset minus committed offset, refreshed each second. */
    public long lag() {
        return lag.get();
    }

    /** Lag per assigned partition (end offset minus committed offset), refreshed each second. */
    public Map<Integer, Long> partitionLag() {
        return partitionLag;
    }

    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> KafkaTopics.ensure(vertx, settings.bootstrap(), settings.topic(),
                        settings.partitions(), (short) 1)
                .compose(x -> subscribe()).onComplete(started));
        return started.future();
    }

    private Future<Void> subscribe() {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", settings.bootstrap());
        config.put("group.id", settings.group());
        config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        config.put("enable.auto.commit", "false");
        config.put("auto.offset.reset", "earliest");
        config.put("max.poll.records", "5000");
        config.put("max.partition.fetch.bytes", String.valueOf(4 << 20));
        config.put("session.timeout.ms", "10000");
        config.put("heartbeat.interval.ms", "1000");
        consumer = KafkaConsumer.create(vertx, config);
        // a poll blocked while every partition is paused would delay a resume by its whole timeout
        consumer.pollTimeout(java.time.Duration.ofMillis(20));
        consumer.partitionsAssignedHandler(this::assigned);
        consumer.partitionsRevokedHandler(this::revoked);
        consumer.exceptionHandler(e -> LOG.warn("kafka consumer: {}", e.toString()));
        // a whole poll per event-loop task (a record handler would get ten records per task)
        consumer.batchHandler(this::receiveBatch);
        moveTimer = vertx.setPeriodic(MOVE_MILLIS, id -> moveOverflow());
        commitTimer = vertx.setPeriodic(COMMIT_MILLIS, id -> commit());
        lagTimer = vertx.setPeriodic(LAG_MILLIS, id -> refreshLag());
        LOG.info("kafka intake: topic {} group {} at {}; pause above {}, resume below {}", settings.topic(),
                settings.group(), settings.bootstrap(), pauseAbove, resumeBelow);
        return consumer.subscribe(settings.topic());
    }

    private void assigned(Set<TopicPartition> partitions) {
        assigned.addAll(partitions);
        LOG.info("kafka intake: assigned {}", partitions);
        if (paused || stopping) {
            consumer.pause(partitions);
        }
    }

    private void revoked(Set<TopicPartition> partitions) {
        LOG.info("kafka intake: revoked {}", partitions);
        commit();
        assigned.removeAll(partitions);
        partitions.forEach(offsets::remove); // uncommitted records are re-read by the next owner
    }

    /**
     * One poll's records. Each partition's share becomes one ticket: when all its messages are durable,
     * the partition may commit past its last offset. An undecodable record is counted, logged and
     * skipped; its offset is covered by the rest of its share (or settled at once if it is alone).
     */
    private void receiveBatch(KafkaConsumerRecords<String, String> records) {
        Map<Integer, List<Message>> messages = new HashMap<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, String> record = records.recordAt(i);
            lastOffset.put(record.partition(), record.offset());
            try {
                messages.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(parser.parseOne(record.value()));
            } catch (BadRequest e) {
                undecodable.increment();
                LOG.warn("skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
            }
        }
        lastOffset.forEach((p, last) -> take(topicPartition(p), messages.getOrDefault(p, List.of()), last));
        if (!paused && core.pipeline().depth() + overflow.size() >= pauseAbove) {
            setPaused(true);
        }
    }

    private TopicPartition topicPartition(int partition) {
        return partitions.computeIfAbsent(partition, p -> new TopicPartition(settings.topic(), p));
    }

    private void take(TopicPartition tp, List<Message> share, long lastOffset) {
        PartitionOffsets partition = offsets.computeIfAbsent(tp, k -> new PartitionOffsets());
        partition.track(lastOffset);
        if (share.isEmpty()) {
            partition.settle(lastOffset);
            return;
        }
        BatchTicket ticket = new BatchTicket(share.size());
        // no event-loop hop per share: writers queue it, the event loop takes them in bulk every few ms
        ticket.outcome().thenAccept(outcome -> {
            if (outcome.settled()) {
                settled.add(new Settled(tp, partition, lastOffset));
            }
        });
        core.intakeStats().received.add(share.size());
        for (Message message : share) {
            Envelope envelope = new Envelope(message, ticket);
            if (!overflow.isEmpty() || !core.pipeline().tryOffer(envelope)) {
                overflow.addLast(envelope);
            } else {
                core.intakeStats().accepted.increment();
            }
        }
    }

    private void takeSettled() {
        Settled s;
        while ((s = settled.poll()) != null) {
            if (offsets.get(s.partition()) == s.offsets()) {
                s.offsets().settle(s.offset());
            }
        }
    }

    private void moveOverflow() {
        takeSettled();
        while (!overflow.isEmpty() && !stopping && core.pipeline().tryOffer(overflow.peekFirst())) {
            overflow.pollFirst();
            core.intakeStats().accepted.increment();
        }
        if (paused && !stopping && overflow.isEmpty() && core.pipeline().depth() <= resumeBelow) {
            setPaused(false);
        }
    }

    private void setPaused(boolean pause) {
        paused = pause;
        if (pause) {
            pauses.increment();
            consumer.pause(new HashSet<>(assigned));
        } else {
            resumes.increment();
            consumer.resume(new HashSet<>(assigned));
        }
    }

    private Future<Void> commit() {
        takeSettled();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, partition) -> {
            long next = partition.toCommit();
            if (next >= 0) {
                commit.put(tp, new OffsetAndMetadata(next, ""));
            }
        });
        if (commit.isEmpty() || consumer == null) {
            return Future.succeededFuture();
        }
        return consumer.commit(commit).onSuccess(done -> {
            commits.increment();
            commit.forEach((tp, om) -> {
                PartitionOffsets partition = offsets.get(tp);
                if (partition != null) {
                    partition.committed(om.getOffset());
                }
            });
        }).onFailure(e -> LOG.warn("kafka commit failed (will retry): {}", e.toString())).mapEmpty();
    }

    private void refreshLag() {
        if (assigned.isEmpty()) {
            lag.set(0);
            partitionLag = Map.of();
            return;
        }
        Set<TopicPartition> partitions = new HashSet<>(assigned);
        consumer.endOffsets(partitions).onSuccess(ends -> {
            long total = 0;
            Map<Integer, Long> each = new HashMap<>();
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                PartitionOffsets partition = offsets.get(end.getKey());
                long committed = partition == null ? -1 : partition.lastCommitted();
                long behind = committed < 0 ? 0 : Math.max(0, end.getValue() - committed);
                each.put(end.getKey().getPartition(), behind);
                total += behind;
            }
            partitionLag = Map.copyOf(each);
            lag.set(total);
        });
    }

    /** Stops fetching (at shutdown, before the drain). */
    public Future<Void> pauseForStop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopping = true;
            if (consumer != null) {
                consumer.pause(new HashSet<>(assigned));
            }
            done.complete();
        });
        return done.future();
    }

    /** After the drain: commits what became durable and leaves the group. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            vertx.cancelTimer(moveTimer);
            vertx.cancelTimer(commitTimer);
            vertx.cancelTimer(lagTimer);
            if (!overflow.isEmpty()) {
                LOG.info("kafka intake: {} fetched records not taken in; the group re-reads them", overflow.size());
            }
            commit().eventually(() -> consumer == null ? Future.succeededFuture() : consumer.close())
                    .onComplete(ar -> done.complete());
        });
        return done.future();
    }
}
