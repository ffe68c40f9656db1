package io.burstpipe.consumer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.message.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Each overflow policy against a queue of known room, and what each sender's ticket says afterwards. */
class IntakeTest {

    private final BoundedPipeline<Envelope> queue = new BoundedPipeline<>(4);
    private final AtomicReference<OverflowPolicy> policy = new AtomicReference<>(OverflowPolicy.BLOCK);
    private final Event stopping = new Event();
    private final Event abandon = new Event();
    private final IntakeStats stats = new IntakeStats();
    private final Intake intake = new Intake(queue, policy, stopping, abandon, stats);

    private static List<Message> batch(String producer, int from, int count) {
        List<Message> batch = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            batch.add(Message.of(producer, i, 1 + i % 100, 0));
        }
        return batch;
    }

    private List<Envelope> drain() throws InterruptedException {
        List<Envelope> out = new ArrayList<>();
        queue.drainTo(out, 100, 10, TimeUnit.MILLISECONDS);
        return out;
    }

    private static void storeAll(List<Envelope> envelopes) {
        boolean[] fresh = new boolean[envelopes.size()];
        java.util.Arrays.fill(fresh, true);
        Intake.settleStored(envelopes, fresh);
    }

    @Test
    void rejectRefusesAWholeBatchThatDoesNotFitAndTakesOneThatDoes() throws Exception {
        policy.set(OverflowPolicy.REJECT);
        assertThat(intake.admit(batch("p", 0, 3), 0)).isInstanceOf(Admission.Accepted.class);
        Admission second = intake.admit(batch("p", 3, 2), 0);
        assertThat(second).isEqualTo(new Admission.Rejected(3, 4));
        assertThat(intake.admit(batch("p", 3, 1), 0)).isInstanceOf(Admission.Accepted.class);
        assertThat(stats.rejected.sum()).isEqualTo(2);
        assertThat(stats.accepted.sum()).isEqualTo(4);
        assertThat(queue.depth()).isEqualTo(4);
    }

    @Test
    void rejectStillTakesABatchLargerThanTheQueueWhenTheQueueIsEmpty() throws Exception {
        policy.set(OverflowPolicy.REJECT);
        CompletableFuture<Admission> big = CompletableFuture.supplyAsync(() -> {
            try {
                return intake.admit(batch("p", 0, 6), 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 4);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !big.isDone());
        List<Envelope> first = drain();
        storeAll(first);
        assertThat(big.get(5, TimeUnit.SECONDS)).isInstanceOf(Admission.Accepted.class);
        assertThat(stats.rejected.sum()).isZero();
    }

    @Test
    void timeWaitingForRoomIsPushBackNotTimeInTheQueue() throws Exception {
        intake.admit(batch("p", 0, 4), 0); // the queue is full
        CompletableFuture<Admission> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return intake.admit(batch("p", 4, 1), 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the fifth message waits for room for at least 300 ms
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !blocked.isDone());
        // the four only: the fifth can land while the drain is still under way
        List<Envelope> first = new ArrayList<>();
        queue.drainTo(first, 4, 10, TimeUnit.MILLISECONDS);
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isInstanceOf(Admission.Accepted.class);
        assertThat(intake.pushBackNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));

        List<Envelope> second = drain(); // taken at once: it spent next to nothing inside the queue
        long arrivalToTaken = System.nanoTime() - second.get(0).queuedAtNanos();
        stats.arrivalToTakenNanos.add(arrivalToTaken);
        stats.queueWaitCount.add(1);
        assertThat(arrivalToTaken).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(intake.queueWaitNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        storeAll(first);
        storeAll(second);
    }

    @Test
    void aHeldAsideMessageCountsItsWaitAsPushBackAndStartsItsQueueTimeWhenItMoves() throws Exception {
        ArrayDeque<Envelope> waiting = new ArrayDeque<>();
        intake.admitOrHold(batch("k", 0, 5), 0, waiting); // four fit, one is held aside
        assertThat(waiting).hasSize(1);
        long heldSince = waiting.peekFirst().queuedAtNanos();
        await().atMost(Duration.ofSeconds(1)).until(() -> System.nanoTime() - heldSince >= 50_000_000L);
        drain();
        assertThat(intake.moveWaiting(waiting)).isEqualTo(1);
        Envelope moved = drain().get(0);
        assertThat(moved.queuedAtNanos()).isGreaterThanOrEqualTo(heldSince + TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(intake.pushBackNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void dropNewestDropsWhatFindsTheQueueFullAndTellsItsSender() throws Exception {
        policy.set(OverflowPolicy.DROP_NEWEST);
        Admission.Accepted first = (Admission.Accepted) intake.admit(batch("p", 0, 3), 0);
        Admission.Accepted second = (Admission.Accepted) intake.admit(batch("p", 3, 3), 0);
        assertThat(stats.dropped.sum()).isEqualTo(2);
        List<Envelope> queued = drain();
        assertThat(queued).extracting(e -> e.message().seq()).containsExactly(0L, 1L, 2L, 3L);
        storeAll(queued);
        assertThat(first.outcome().get(1, TimeUnit.SECONDS)).isEqualTo(new BatchOutcome(3, 0, 0, 0, 0));
        assertThat(second.outcome().get(1, TimeUnit.SECONDS)).isEqualTo(new BatchOutcome(3, 0, 2, 0, 0));
    }

    @Test
    void dropOldestEvictsTheOldestAndTellsTheirSenderNotTheNewOne() throws Exception {
        policy.set(OverflowPolicy.DROP_OLDEST);
        Admission.Accepted old = (Admission.Accepted) intake.admit(batch("old", 0, 4), 0);
        Admission.Accepted fresh = (Admission.Accepted) intake.admit(batch("new", 0, 2), 0);
        assertThat(stats.dropped.sum()).isEqualTo(2);
        assertThat(stats.accepted.sum()).isEqualTo(4); // what is in the queue now
        List<Envelope> queued = drain();
        assertThat(queued).extracting(e -> e.message().id()).containsExactly("old-2", "old-3", "new-0", "new-1");
        storeAll(queued);
        assertThat(old.outcome().get(1, TimeUnit.SECONDS).dropped()).isEqualTo(2);
        assertThat(fresh.outcome().get(1, TimeUnit.SECONDS)).isEqualTo(new BatchOutcome(2, 0, 0, 0, 0));
    }

    @Test
    void blockWaitsForRoomAndGivesUpOnlyAtTheDrainDeadline() throws Exception {
        intake.admit(batch("p", 0, 4), 0);
        CompletableFuture<Admission> waiting = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                waiting.complete(intake.admit(batch("p", 4, 3), 0));
            } catch (Throwable e) {
                waiting.completeExceptionally(e);
            }
        }, "blocked-sender");
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sender.getState() == Thread.State.WAITING
                || sender.getState() == Thread.State.TIMED_WAITING);
        stopping.set(); // stopping refuses new batches but lets a waiting one keep waiting
        assertThat(intake.admit(batch("q", 0, 1), 0)).isInstanceOf(Admission.Stopping.class);
        assertThat(waiting).isNotDone();
        abandon.set();
        Admission.Accepted accepted = (Admission.Accepted) waiting.get(5, TimeUnit.SECONDS);
        storeAll(drain());
        assertThat(accepted.outcome().get(1, TimeUnit.SECONDS)).isEqualTo(new BatchOutcome(3, 0, 0, 3, 0));
        assertThat(stats.notAccepted.sum()).isEqualTo(4);
        sender.join(5000);
    }

    @Test
    void admitOrHoldKeepsOrderAcrossTheQueueAndWhatWaits() throws Exception {
        ArrayDeque<Envelope> waiting = new ArrayDeque<>();
        BatchTicket ticket = intake.admitOrHold(batch("k", 0, 6), 0, waiting);
        assertThat(queue.depth()).isEqualTo(4);
        assertThat(waiting).extracting(e -> e.message().seq()).containsExactly(4L, 5L);
        List<Envelope> first = drain();
        // a later batch waits behind the earlier one even with room in the queue
        BatchTicket later = intake.admitOrHold(batch("k", 6, 1), 0, waiting);
        assertThat(queue.depth()).isZero();
        assertThat(intake.moveWaiting(waiting)).isEqualTo(3);
        List<Envelope> second = drain();
        assertThat(second).extracting(e -> e.message().seq()).containsExactly(4L, 5L, 6L);
        assertThat(ticket.outcome()).isNotDone();
        storeAll(first);
        storeAll(second);
        assertThat(ticket.outcome().get(1, TimeUnit.SECONDS)).isEqualTo(new BatchOutcome(6, 0, 0, 0, 0));
        assertThat(later.outcome().get(1, TimeUnit.SECONDS).settled()).isTrue();
        assertThat(stats.received.sum()).isEqualTo(7);
        assertThat(stats.accepted.sum()).isEqualTo(7);
    }
}
