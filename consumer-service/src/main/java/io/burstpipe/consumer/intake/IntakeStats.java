package io.burstpipe.consumer.intake;

import io.burstpipe.metrics.LatencyRecorder;
import java.util.concurrent.atomic.LongAdder;

/** Intake counters. Thread-safe. */
public final class IntakeStats {

    public final LongAdder batches = new LongAdder();
    public final LongAdder invalidBatches = new LongAdder();
    public final LongAdder received = new LongAdder();
    public final LongAdder accepted = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    public final LongAdder notAccepted = new LongAdder();
    /** From a message's intended send time to its arrival here: the delay the producer could not avoid. */
    public final LatencyRecorder sendDelay = new LatencyRecorder();
    /** From arrival at intake to being taken by a store writer: push-back and time in the queue together. */
    public final LatencyRecorder queueWait = new LatencyRecorder();
    /** Sum of the waits in {@link #queueWait} and how many there were. */
    public final LongAdder arrivalToTakenNanos = new LongAdder();
    public final LongAdder queueWaitCount = new LongAdder();
    /**
     * Time messages waited for room before entering the queue, summed over messages: an intake thread blocked in
     * {@code put} (policies block and reject), or a paused source's record held aside (Kafka).
     */
    public final LongAdder pushBackNanos = new LongAdder();
    /** The part of {@link #pushBackNanos} that lies inside {@link #arrivalToTakenNanos} (blocked puts). */
    private final LongAdder blockedInPutNanos = new LongAdder();

    /** A message waited this long in {@code put} before it entered the queue. */
    public void blockedInPut(long nanos) {
        pushBackNanos.add(nanos);
        blockedInPutNanos.add(nanos);
    }

    /** A held-aside message entered the queue after this long (its time in the queue starts now). */
    public void heldAside(long nanos) {
        pushBackNanos.add(nanos);
    }

    /** Time spent inside the queue, summed over the messages taken: arrival-to-taken less the blocked puts. */
    public long queueWaitNanos() {
        return Math.max(0, arrivalToTakenNanos.sum() - blockedInPutNanos.sum());
    }
}
