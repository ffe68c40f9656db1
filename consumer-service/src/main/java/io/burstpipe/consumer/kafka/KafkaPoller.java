package io.burstpipe.consumer.kafka;

import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.intake.BatchTicket;
import io.burstpipe.consumer.intake.Envelope;
import io.burstpipe.flow.StoppableWorker;
import io.burstpipe.message.Message;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka consumer's own thread: each turn takes in the writers' notes, brings waiting records into the queue,
 * commits and reads the lag on their schedules, polls, and hands what it fetched to the intake. Backpressure pauses
 * the assigned partitions ({@link PauseHysteresis}); records already fetched wait in order (at most one poll's
 * worth). At stop the partitions are paused first ({@link #pauseForStop}); the last commit and leaving the group
 * happen in {@link #onStop()}.
 *
 * <p>Thread contract: the Kafka consumer is not thread-safe and is used on this worker's thread only;
 * {@link #pauseForStop} and the stats may be used from any thread.
 */
final class KafkaPoller extends StoppableWorker {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPoller.class);
    private static final long COMMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LAG_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Poll wait while records are flowing; short while some wait for room, so they move on soon. */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration POLL_WHILE_FULL = Duration.ofMillis(2);

    private final Consumer<byte[], byte[]> consumer;
    private final ConsumerCore core;
    private final DeadLetters deadLetters;
    private final KafkaIntakeStats stats;
    private final PauseHysteresis hysteresis;
    private final RecordDecoder decoder;
    private final CommitTracker tracker = new CommitTracker();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final ArrayDeque<Envelope> waiting = new ArrayDeque<>();
    private final Promise<Void> pausedForStop = Promise.promise();
    private final Promise<Void> closed = Promise.promise();
    private volatile boolean stopRequested;
    private boolean stopSeen;
    private long nextCommit = System.nanoTime() + COMMIT_NANOS;
    private long nextLag = System.nanoTime() + LAG_NANOS;

    /** @param deadLetters where undecodable records go, or {@code null} to count, log and skip them */
    KafkaPoller(Consumer<byte[], byte[]> consumer, String topic, ConsumerCore core, DeadLetters deadLetters,
                KafkaIntakeStats stats, PauseHysteresis hysteresis) {
        super("kafka-intake");
        this.consumer = consumer;
        this.core = core;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.hysteresis = hysteresis;
        this.decoder = new RecordDecoder(stats, deadLetters != null);
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /** Stops fetching before the drain; completes once the partitions are paused (or the poller is gone). */
    io.vertx.core.Future<Void> pauseForStop() {
        stopRequested = true;
        if (state() != State.RUNNING) {
            pausedForStop.tryComplete();
        }
        return pausedForStop.future();
    }

    /** Completes once the last commit is done and the consumer has left the group. */
    io.vertx.core.Future<Void> closed() {
        return closed.future();
    }

    @Override
    protected void doWork() {
        try {
            turn();
        } catch (WakeupException e) {
            if (!isShutdownInitiated()) {
                throw e;
            }
        }
    }

    private void turn() {
        tracker.takeSettled();
        if (stopRequested && !stopSeen) {
            stopSeen = true;
            consumer.pause(new HashSet<>(assigned));
            pausedForStop.tryComplete();
        }
        moveWaiting();
        long now = System.nanoTime();
        if (now >= nextCommit) {
            nextCommit = now + COMMIT_NANOS;
            commitAsync();
        }
        if (now >= nextLag) {
            nextLag = now + LAG_NANOS;
            refreshLag();
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(waiting.isEmpty() ? POLL : POLL_WHILE_FULL);
        if (!records.isEmpty()) {
            receive(records);
        }
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    /** After the drain: commits what became durable and leaves the group. */
    @Override
    protected void onStop() {
        pausedForStop.tryComplete();
        try {
            if (!waiting.isEmpty()) {
                LOG.info("kafka intake: {} fetched records not taken in; the group re-reads them", waiting.size());
            }
            try {
                commitNow();
            } catch (WakeupException e) {
                commitNow(); // the wake-up from the shutdown was still pending; it is spent now
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
            deadLetters.close();
        }
        closed.tryComplete();
    }

    /**
     * One poll's records. Each partition's share becomes one ticket: when all its messages are durable (and its
     * dead letters acknowledged), the partition may commit past its last offset.
     */
    private void receive(ConsumerRecords<byte[], byte[]> records) {
        long arrivedMicros = System.currentTimeMillis() * 1000;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> share = records.records(tp);
            RecordDecoder.Decoded decoded = decoder.decode(share);
            take(tracker.track(tp, share.get(share.size() - 1).offset()), decoded.messages(), decoded.bad(),
                    arrivedMicros);
        }
        if (hysteresis.afterReceive(core.pipeline().depth(), waiting.size()) == PauseHysteresis.Decision.PAUSE) {
            pause(true);
        }
    }

    /** One partition's share: its messages to the intake, its undecodable records to the dead-letter topic. */
    private void take(CommitTracker.Share settles, List<Message> share,
                      Map<ConsumerRecord<byte[], byte[]>, String> bad, long arrivedMicros) {
        int parts = (share.isEmpty() ? 0 : 1) + bad.size();
        if (parts == 0) {
            settles.settleNow();
            return;
        }
        AtomicInteger left = new AtomicInteger(parts);
        Runnable done = () -> {
            if (left.decrementAndGet() == 0) {
                settles.noteSettled();
            }
        };
        bad.forEach((record, error) -> deadLetters.send(record, error, done));
        if (!share.isEmpty()) {
            BatchTicket ticket = core.intake().admitOrHold(share, arrivedMicros, waiting);
            ticket.outcome().thenAccept(outcome -> {
                if (outcome.settled()) {
                    done.run();
                }
            });
        }
    }

    private void moveWaiting() {
        if (!stopRequested) {
            core.intake().moveWaiting(waiting);
        }
        if (!stopRequested
                && hysteresis.afterMove(core.pipeline().depth(), waiting.size()) == PauseHysteresis.Decision.RESUME) {
            pause(false);
        }
    }

    private void pause(boolean pause) {
        stats.paused(pause);
        if (pause) {
            stats.pauses.increment();
            consumer.pause(new HashSet<>(assigned));
        } else {
            stats.resumes.increment();
            consumer.resume(new HashSet<>(assigned));
        }
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> commit = tracker.committable();
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
        Map<TopicPartition, OffsetAndMetadata> commit = tracker.committable();
        if (commit.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(commit, Duration.ofSeconds(5));
            committed(commit);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("kafka commit failed: {}", e.toString());
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> commit) {
        stats.commits.increment();
        tracker.committed(commit);
    }

    private void refreshLag() {
        if (assigned.isEmpty()) {
            stats.lag(0, Map.of());
            return;
        }
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(new HashSet<>(assigned), Duration.ofSeconds(1));
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            return; // the broker is away; the next second tries again
        }
        tracker.lag(ends, stats);
    }

    /** Called inside {@code poll}, on this worker's thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            LOG.info("kafka intake: assigned {}", partitions);
            if (hysteresis.isPaused() || stopRequested) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            LOG.info("kafka intake: revoked {}", partitions);
            commitNow();
            assigned.removeAll(partitions);
            tracker.forget(partitions); // uncommitted records are re-read by the next owner
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.info("kafka intake: lost {}", partitions);
            assigned.removeAll(partitions);
            tracker.forget(partitions);
        }
    }
}
