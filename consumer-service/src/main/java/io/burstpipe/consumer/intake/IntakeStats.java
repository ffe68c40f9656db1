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
     * Time a paused source's records (Kafka) were held aside before entering the queue, summed over records; their
     * time in the queue starts when they enter it. The other push-back, intake threads blocked in {@code put}, is
     * counted by the queue itself ({@link Intake#pushBackNanos}).
     */
    public final LongAdder heldAsideNanos = new LongAdder();
    /** Messages taken in by the second they were intended to be sent in: the offered load as the messages tell it. */
    public final IntendedSeconds intended = new IntendedSeconds();
}
