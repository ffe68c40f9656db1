package io.burstpipe.consumer.intake;

import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.message.Message;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts received batches into the bounded pipeline under the current overflow policy.
 *
 * <p>{@link #admit} may block (policy {@code block} waits for room), so it runs on an intake worker
 * thread, never on an event loop. Thread-safe.
 */
public final class Intake {

    private final BoundedPipeline<Envelope> pipeline;
    private final AtomicReference<OverflowPolicy> policy;
    private final Event stopping;
    private final Event abandon;
    private final IntakeStats stats;

    /**
     * @param stopping set when the consumer begins to stop: new batches are refused from then on
     * @param abandon  set at the drain deadline: a batch still waiting for room gives up then, not before
     */
    public Intake(BoundedPipeline<Envelope> pipeline, AtomicReference<OverflowPolicy> policy, Event stopping,
                  Event abandon, IntakeStats stats) {
        this.pipeline = pipeline;
        this.policy = policy;
        this.stopping = stopping;
        this.abandon = abandon;
        this.stats = stats;
    }

    public Admission admit(List<Message> batch, long arrivedMicros) throws InterruptedException {
        stats.batches.increment();
        stats.received.add(batch.size());
        for (Message m : batch) {
            stats.sendDelay.recordMicros(arrivedMicros - m.createdAtMicros());
        }
        if (stopping.isSet()) {
            stats.notAccepted.add(batch.size());
            return new Admission.Stopping();
        }
        OverflowPolicy now = policy.get();
        if (now == OverflowPolicy.REJECT) {
            int depth = pipeline.depth();
            // whole batches only: admitted if it fits, or if the queue is empty (a batch larger than the
            // queue still gets in, one drain at a time)
            if (depth > 0 && depth + batch.size() > pipeline.capacity()) {
                stats.rejected.add(batch.size());
                return new Admission.Rejected(depth, pipeline.capacity());
            }
        }
        stats.intended.add(batch);
        BatchTicket ticket = new BatchTicket(batch.size());
        switch (now) {
            case BLOCK, REJECT -> putAll(batch, ticket);
            case DROP_NEWEST -> offerOrDrop(batch, ticket);
            case DROP_OLDEST -> offerEvictingOldest(batch, ticket);
        }
        return new Admission.Accepted(ticket.outcome());
    }

    /**
     * For a source that pauses instead of waiting (Kafka intake): the batch counts as received and gets a ticket;
     * each message goes into the queue if there is room and none is waiting already, else into {@code waiting},
     * in order, for {@link #moveWaiting} to bring in later. Never blocks; the overflow policy does not apply (the
     * source pauses before anything has to be dropped or refused).
     */
    public BatchTicket admitOrHold(List<Message> batch, long arrivedMicros, Deque<Envelope> waiting) {
        stats.batches.increment();
        stats.received.add(batch.size());
        stats.intended.add(batch);
        BatchTicket ticket = new BatchTicket(batch.size());
        for (Message m : batch) {
            stats.sendDelay.recordMicros(arrivedMicros - m.createdAtMicros());
            Envelope envelope = new Envelope(m, ticket);
            if (!waiting.isEmpty() || !pipeline.tryOffer(envelope)) {
                waiting.addLast(envelope);
            } else {
                stats.accepted.increment();
            }
        }
        return ticket;
    }

    /** Brings waiting messages into the queue, oldest first, while there is room; returns how many moved. */
    public int moveWaiting(Deque<Envelope> waiting) {
        int moved = 0;
        while (!waiting.isEmpty()) {
            Envelope held = waiting.peekFirst();
            Envelope now = new Envelope(held.message(), held.ticket()); // its time in the queue starts here
            if (!pipeline.tryOffer(now)) {
                break;
            }
            waiting.pollFirst();
            stats.heldAsideNanos.add(now.queuedAtNanos() - held.queuedAtNanos());
            stats.accepted.increment();
            moved++;
        }
        return moved;
    }

    private void putAll(List<Message> batch, BatchTicket ticket) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            if (!pipeline.put(new Envelope(batch.get(i), ticket), abandon)) {
                int left = batch.size() - i;
                stats.notAccepted.add(left);
                ticket.notAccepted(left);
                return;
            }
            stats.accepted.increment();
        }
    }

    private void offerOrDrop(List<Message> batch, BatchTicket ticket) {
        for (Message m : batch) {
            if (pipeline.tryOffer(new Envelope(m, ticket))) {
                stats.accepted.increment();
            } else {
                stats.dropped.increment();
                ticket.dropped(1);
            }
        }
    }

    private void offerEvictingOldest(List<Message> batch, BatchTicket ticket) {
        for (Message m : batch) {
            pipeline.offerEvictingOldest(new Envelope(m, ticket), evicted -> {
                stats.dropped.increment();
                stats.accepted.decrement();
                evicted.ticket().dropped(1);
            });
            stats.accepted.increment();
        }
    }

    /**
     * Time messages waited for room before entering the queue, summed over messages (push-back): intake threads
     * blocked in {@code put} under the block and reject policies (the queue's own count), and records a paused
     * source held aside.
     */
    public long pushBackNanos() {
        return pipeline.producerBlockedNanos() + stats.heldAsideNanos.sum();
    }

    /**
     * Time spent inside the queue, summed over the messages taken: from arrival to a writer taking them, less the
     * time blocked in {@code put} before entering (held-aside records are stamped when they enter).
     */
    public long queueWaitNanos() {
        return Math.max(0, stats.arrivalToTakenNanos.sum() - pipeline.producerBlockedNanos());
    }

    /** Called by store writers once a batch is durable; {@code fresh[i]} says whether message i was new. */
    public static void settleStored(List<Envelope> batch, boolean[] fresh) {
        for (int i = 0; i < batch.size(); i++) {
            if (fresh[i]) {
                batch.get(i).ticket().stored(1);
            } else {
                batch.get(i).ticket().duplicate(1);
            }
        }
    }

    /** Called by store writers for a batch given up on at the drain deadline. */
    public static void settleAbandoned(List<Envelope> batch) {
        for (Envelope e : batch) {
            e.ticket().abandoned(1);
        }
    }
}
