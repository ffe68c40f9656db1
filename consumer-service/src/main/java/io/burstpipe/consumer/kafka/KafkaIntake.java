package io.burstpipe.consumer.kafka;

import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.codec.BadRequest;
import io.burstpipe.consumer.codec.BatchParser;
import io.burstpipe.consumer.intake.BatchTicket;
import io.burstpipe.consumer.intake.Envelope;
import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.kafka.KafkaTopics;
import io.burstpipe.message.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka intake: one consumer in the group, records into the same bounded pipeline and store writers
 * as HTTP intake. Backpressure by pausing the assigned partitions when the queue passes
 * {@code pauseAbove} and resuming below {@code resumeBelow}; records already fetched wait in a small
 * overflow (at most one poll's worth). Offsets are committed only up to records that are durable (or
 * were skipped as undecodable, or taken by the dead-letter topic when one is set), so after a crash or a rebalance the next owner re-reads from there and
 * the idempotent store drops the repeats.
 *
 * <p>The Kafka consumer is not thread-safe, so it lives on one thread of its own that polls, hands
 * records to the queue, pauses and resumes, commits and reads the lag; the store writers only leave
 * notes ({@link #settled}) for it. Counters and the lag are safe to read from any thread.
 */
public final class KafkaIntake {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIntake.class);
    private static final long COMMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LAG_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Poll wait while records are flowing; short while some wait for room, so they move on soon. */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration POLL_WHILE_FULL = Duration.ofMillis(2);
    /** Headers of a dead letter: where it came from and why it was refused. */
    public static final String TOPIC_HEADER = "burstpipe.topic";
    public static final String PARTITION_HEADER = "burstpipe.partition";
    public static final String OFFSET_HEADER = "burstpipe.offset";
    public static final String ERROR_HEADER = "burstpipe.error";

    private final Vertx vertx;
    private final KafkaSettings settings;
    private final ConsumerCore core;
    private final int pauseAbove;
    private final int resumeBelow;
    private final BatchParser parser = new BatchParser(1);
    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final ArrayDeque<Envelope> overflow = new ArrayDeque<>();
    /** Records made durable by the store writers, waiting to be marked committable by the intake thread. */
    private final ConcurrentLinkedQueue<Settled> settled = new ConcurrentLinkedQueue<>();

    private record Settled(TopicPartition partition, PartitionOffsets offsets, long offset) {
    }

    public final LongAdder undecodable = new LongAdder();
    /** Undecodable records the dead-letter topic has taken. */
    public final LongAdder deadLettered = new LongAdder();
    /** Dead-letter sends that failed for good: their partition does not commit past them. */
    public final LongAdder deadLetterFailures = new LongAdder();
    public final LongAdder pauses = new LongAdder();
    public final LongAdder resumes = new LongAdder();
    public final LongAdder commits = new LongAdder();
    private final AtomicLong lag = new AtomicLong();
    private volatile Map<Integer, Long> partitionLag = Map.of();
    private volatile boolean paused;
    private volatile boolean stopping;
    private volatile boolean closing;
    private final Promise<Void> stopped = Promise.promise();
    private final Promise<Void> closed = Promise.promise();
    /** Makes the Kafka consumer from its properties; the default is the plain client. */
    public interface Clients {
        Clients KAFKA = props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Consumer<byte[], byte[]> consumer(Properties props);
    }

    private final Clients clients;
    private Consumer<byte[], byte[]> consumer;
    /** Why the intake thread ended, if it ended on an error rather than by close(); null while healthy. */
    private volatile Throwable failure;
    private volatile java.util.function.Consumer<Throwable> onFailure = e -> { };
    private KafkaProducer<byte[], byte[]> deadLetters;
    private Thread thread;

    public KafkaIntake(Vertx vertx, KafkaSettings settings, ConsumerCore core, int pauseAbove, int resumeBelow) {
        this(vertx, settings, core, pauseAbove, resumeBelow, Clients.KAFKA);
    }

    public KafkaIntake(Vertx vertx, KafkaSettings settings, ConsumerCore core, int pauseAbove, int resumeBelow,
                       Clients clients) {
        this.clients = clients;
        this.vertx = vertx;
        this.settings = settings;
        this.core = core;
        this.pauseAbove = pauseAbove;
        this.resumeBelow = resumeBelow;
    }

    /** Why the intake thread died (it no longer takes records in), or null while it runs or after close(). */
    public Throwable failure() {
        return failure;
    }

    /** Called once, on the dying intake thread, if it ends on an error. */
    public void onFailure(java.util.function.Consumer<Throwable> listener) {
        onFailure = listener;
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

    /** Creates the topic if missing, joins the group and starts the intake thread. */
    public Future<Void> start() {
        String dlt = settings.deadLetterTopic();
        return KafkaTopics.ensure(vertx, settings.bootstrap(), settings.topic(), settings.partitions(), (short) 1)
                .compose(x -> dlt == null ? Future.succeededFuture()
                        : KafkaTopics.ensure(vertx, settings.bootstrap(), dlt, 1, (short) 1))
                .compose(x -> vertx.executeBlocking(() -> {
                    if (dlt != null) {
                        deadLetters = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(),
                                new ByteArraySerializer());
                    }
                    consumer = clients.consumer(properties());
                    consumer.subscribe(List.of(settings.topic()), new Rebalance());
                    thread = new Thread(this::run, "kafka-intake");
                    thread.start();
                    LOG.info("kafka intake: topic {} group {} at {}; pause above {}, resume below {}; undecodable "
                            + "records {}", settings.topic(), settings.group(), settings.bootstrap(), pauseAbove,
                            resumeBelow, dlt == null ? "skipped" : "to " + dlt);
                    return null;
                }));
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    /** Called inside {@code poll} on the intake thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            LOG.info("kafka intake: assigned {}", partitions);
            if (paused || stopping) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            LOG.info("kafka intake: revoked {}", partitions);
            commitNow();
            assigned.removeAll(partitions);
            partitions.forEach(offsets::remove); // uncommitted records are re-read by the next owner
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.info("kafka intake: lost {}", partitions);
            assigned.removeAll(partitions);
            partitions.forEach(offsets::remove);
        }
    }

    private void run() {
        long nextCommit = System.nanoTime() + COMMIT_NANOS;
        long nextLag = System.nanoTime() + LAG_NANOS;
        boolean stopSeen = false;
        try {
            while (!closing) {
                takeSettled();
                if (stopping && !stopSeen) {
                    stopSeen = true;
                    consumer.pause(new HashSet<>(assigned));
                    stopped.tryComplete();
                }
                moveOverflow();
                long now = System.nanoTime();
                if (now >= nextCommit) {
                    nextCommit = now + COMMIT_NANOS;
                    commitAsync();
                }
                if (now >= nextLag) {
                    nextLag = now + LAG_NANOS;
                    refreshLag();
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(overflow.isEmpty() ? POLL : POLL_WHILE_FULL);
                if (!records.isEmpty()) {
                    receive(records);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll up
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("kafka intake died: {}", e.toString(), e);
        } finally {
            stopped.tryComplete();
            finish();
        }
        Throwable died = failure;
        if (died != null) {
            onFailure.accept(died);
        }
    }

    /** After the drain: commits what became durable and leaves the group. */
    private void finish() {
        try {
            takeSettled();
            if (!overflow.isEmpty()) {
                LOG.info("kafka intake: {} fetched records not taken in; the group re-reads them", overflow.size());
            }
            try {
                commitNow();
            } catch (WakeupException e) {
                commitNow(); // the wake-up from close() was still pending; it is spent now
            }
        } catch (RuntimeException e) {
            LOG.warn("kafka intake: last commit failed: {}", e.toString());
        }
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("kafka intake: close failed: {}", e.toString());
        }
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
        closed.tryComplete();
    }

    /**
     * One poll's records. Each partition's share becomes one ticket: when all its messages are durable,
     * the partition may commit past its last offset. An undecodable record is counted, logged and
     * skipped; its offset is covered by the rest of its share (or settled at once if it is alone).
     */
    private void receive(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> share = records.records(tp);
            List<Message> messages = new ArrayList<>(share.size());
            List<ConsumerRecord<byte[], byte[]>> bad = List.of();
            for (ConsumerRecord<byte[], byte[]> record : share) {
                try {
                    messages.add(parser.parseOne(record.value()));
                } catch (BadRequest e) {
                    undecodable.increment();
                    LOG.warn("{} undecodable record {}-{}@{}: {}", deadLetters == null ? "skipping"
                                    : "dead-lettering", record.topic(), record.partition(), record.offset(),
                            e.getMessage());
                    if (deadLetters != null) {
                        if (bad.isEmpty()) {
                            bad = new ArrayList<>();
                        }
                        bad.add(record);
                        record.headers().add(ERROR_HEADER, e.getMessage().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            take(tp, messages, bad, share.get(share.size() - 1).offset());
        }
        if (!paused && core.pipeline().depth() + overflow.size() >= pauseAbove) {
            setPaused(true);
        }
    }

    /**
     * Takes one partition's share of a poll: its messages go to the queue, its undecodable records (if a
     * dead-letter topic is set) to that topic. The partition may commit past {@code lastOffset} once all
     * of them are done: messages durable, dead letters acknowledged.
     */
    private void take(TopicPartition tp, List<Message> share, List<ConsumerRecord<byte[], byte[]>> bad,
                      long lastOffset) {
        PartitionOffsets partition = offsets.computeIfAbsent(tp, k -> new PartitionOffsets());
        partition.track(lastOffset);
        int parts = (share.isEmpty() ? 0 : 1) + bad.size();
        if (parts == 0) {
            partition.settle(lastOffset);
            return;
        }
        // the writers and the dead-letter producer leave a note; the intake thread marks it committable
        AtomicInteger left = new AtomicInteger(parts);
        Runnable done = () -> {
            if (left.decrementAndGet() == 0) {
                settled.add(new Settled(tp, partition, lastOffset));
            }
        };
        for (ConsumerRecord<byte[], byte[]> record : bad) {
            ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(settings.deadLetterTopic(), null,
                    record.key(), record.value(), record.headers());
            letter.headers().add(TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8))
                    .add(PARTITION_HEADER, String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8))
                    .add(OFFSET_HEADER, String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
            deadLetters.send(letter, (metadata, error) -> {
                if (error == null) {
                    deadLettered.increment();
                    done.run();
                } else {
                    deadLetterFailures.increment();
                    LOG.error("dead-lettering {}-{}@{} failed; the partition will not commit past it: {}",
                            record.topic(), record.partition(), record.offset(), error.toString());
                }
            });
        }
        if (share.isEmpty()) {
            return;
        }
        BatchTicket ticket = new BatchTicket(share.size());
        ticket.outcome().thenAccept(outcome -> {
            if (outcome.settled()) {
                done.run();
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

    private Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, partition) -> {
            long next = partition.toCommit();
            if (next >= 0) {
                commit.put(tp, new OffsetAndMetadata(next));
            }
        });
        return commit;
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> commit = committable();
        if (commit.isEmpty()) {
            return;
        }
        consumer.commitAsync(commit, (done, error) -> {
            if (error != null) {
                LOG.warn("kafka commit failed (will retry): {}", error.toString());
            } else {
                committed(commit);
            }
        });
    }

    /** A blocking commit, at a rebalance and at the end. */
    private void commitNow() {
        takeSettled();
        Map<TopicPartition, OffsetAndMetadata> commit = committable();
        if (commit.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(commit, Duration.ofSeconds(5));
            committed(commit);
        } catch (RuntimeException e) {
            if (e instanceof WakeupException wakeup) {
                throw wakeup;
            }
            LOG.warn("kafka commit failed: {}", e.toString());
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> commit) {
        commits.increment();
        commit.forEach((tp, om) -> {
            PartitionOffsets partition = offsets.get(tp);
            if (partition != null) {
                partition.committed(om.offset());
            }
        });
    }

    private void refreshLag() {
        if (assigned.isEmpty()) {
            lag.set(0);
            partitionLag = Map.of();
            return;
        }
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(new HashSet<>(assigned), Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            if (e instanceof WakeupException wakeup) {
                throw wakeup;
            }
            return; // the broker is away; the next second tries again
        }
        long total = 0;
        Map<Integer, Long> each = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            PartitionOffsets partition = offsets.get(end.getKey());
            long committed = partition == null ? -1 : partition.lastCommitted();
            long behind = committed < 0 ? 0 : Math.max(0, end.getValue() - committed);
            each.put(end.getKey().partition(), behind);
            total += behind;
        }
        partitionLag = Map.copyOf(each);
        lag.set(total);
    }

    /** Stops fetching (at shutdown, before the drain); completes once the partitions are paused. */
    public Future<Void> pauseForStop() {
        stopping = true;
        if (thread == null) {
            stopped.tryComplete();
        }
        return stopped.future();
    }

    /** After the drain: commits what became durable and leaves the group. */
    public Future<Void> close() {
        stopping = true;
        closing = true;
        if (thread == null) {
            closed.tryComplete();
        } else {
            consumer.wakeup();
        }
        return closed.future();
    }
}
