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
}
