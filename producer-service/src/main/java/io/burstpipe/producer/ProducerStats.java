package io.burstpipe.producer;

import io.burstpipe.metrics.LatencyRecorder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The producer's counters. Thread-safe. */
public final class ProducerStats {

    public final LongAdder generated = new LongAdder();
    /** Messages sent for the first time (retries not counted again). */
    public final LongAdder sent = new LongAdder();
    /** Messages the consumer confirmed durable. */
    public final LongAdder acked = new LongAdder();
    /** Messages the consumer dropped by its overflow policy and reported. */
    public final LongAdder dropped = new LongAdder();
    /** Messages refused for good (400/413/415): a bug or a misconfiguration, never retried. */
    public final LongAdder failed = new LongAdder();
    /** Messages still unconfirmed when the drain deadline passed. */
    public final LongAdder unsent = new LongAdder();
    public final LongAdder batchesSent = new LongAdder();
    public final LongAdder retries = new LongAdder();
    /** Answers 429 (consumer queue full, policy reject). */
    public final LongAdder rejected = new LongAdder();
    /** Answers 503 and transport errors (consumer stopping, down, or restarting). */
    public final LongAdder unavailable = new LongAdder();
    /** Time generation waited for a free slot in the in-flight window: the push-back felt here. */
    public final LongAdder windowBlockedNanos = new LongAdder();
    /** Messages whose batch found every in-flight slot taken and waited for one. */
    public final LongAdder windowWaited = new LongAdder();
    /** When the wait for a slot going on now began (System.nanoTime()), or 0 while generation is not waiting. */
    final AtomicLong waitingSinceNanos = new AtomicLong();
    /** Actual first send time minus intended send time, per message. */
    public final LatencyRecorder sendDelay = new LatencyRecorder();

    /** {@link #windowBlockedNanos} with the wait going on now, if any, counted up to {@code nowNanos}. */
    public long windowBlockedNanosAt(long nowNanos) {
        long since = waitingSinceNanos.get();
        return windowBlockedNanos.sum() + (since == 0 ? 0 : Math.max(0, nowNanos - since));
    }

    /** Generated messages whose fate is not yet known. */
    public long outstanding() {
        return generated.sum() - acked.sum() - dropped.sum() - failed.sum() - unsent.sum();
    }
}
