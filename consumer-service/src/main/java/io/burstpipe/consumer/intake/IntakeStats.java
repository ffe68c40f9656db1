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
    /** From entering the queue to being taken by a store writer. */
    public final LatencyRecorder queueWait = new LatencyRecorder();
    /** Sum and count of the queue waits, for the mean over any span (Little's law). */
    public final LongAdder queueWaitNanos = new LongAdder();
    public final LongAdder queueWaitCount = new LongAdder();
}
