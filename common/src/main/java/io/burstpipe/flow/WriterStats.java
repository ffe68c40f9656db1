package io.burstpipe.flow;

import io.burstpipe.metrics.LatencyRecorder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters and latencies shared by all store writers of one pipeline. Thread-safe. */
public final class WriterStats {

    /** Messages written that were new to the store. */
    public final LongAdder stored = new LongAdder();
    /** Messages the store already had (a redelivery): skipped, not stored twice. */
    public final LongAdder duplicates = new LongAdder();
    /** Batch writes that failed and were retried. */
    public final LongAdder failedWrites = new LongAdder();
    /** Messages taken from the queue but never stored because the drain deadline passed. */
    public final LongAdder abandoned = new LongAdder();
    /** Batch writes that succeeded. */
    public final LongAdder batches = new LongAdder();
    /** Writers inside a store write right now. */
    public final AtomicInteger writing = new AtomicInteger();
    /** Time the writers spent in store writes, failed ones included: busy time, for utilisation. */
    public final LongAdder busyNanos = new LongAdder();
    /** Time of each successful batch write. */
    public final LatencyRecorder storeLatency = new LatencyRecorder();
    /** From a message's intended send time to the moment it was durable. */
    public final LatencyRecorder endToEnd = new LatencyRecorder();
}
