package io.burstpipe.loadtest;

import io.burstpipe.metrics.LatencyRecorder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load generator counted and measured. Counters cover the whole run (they feed the loss
 * check); the latency recorders only take messages intended after the warm-up. Thread-safe.
 *
 * <p>Latency is kept three ways, all in microseconds:
 * <ul>
 *   <li>{@link #latency}: answer time minus <em>intended</em> send time, free of coordinated omission
 *       (a stalled target delays the sends, and that delay counts);</li>
 *   <li>{@link #serviceTime}: answer time minus actual send time, what a closed-loop tool reports;</li>
 *   <li>{@link #sendDelay}: actual minus intended send time (batching, a full in-flight bound).</li>
 * </ul>
 */
public final class LoadStats {

    /** Messages put on the wire (each message once: the load generator does not retry). */
    public final LongAdder sent = new LongAdder();
    /** Messages sent whose intended time was after the warm-up. */
    public final LongAdder measuredSent = new LongAdder();
    /** Messages the target confirmed (HTTP 2xx minus what it reported dropped; Kafka: in the log). */
    public final LongAdder acked = new LongAdder();
    /** Messages the target accepted but reported dropped by its overflow policy. */
    public final LongAdder dropped = new LongAdder();
    /** Messages in requests that failed: non-2xx answers, timeouts, connection errors. */
    public final LongAdder errored = new LongAdder();
    /** Requests that failed, by any cause. */
    public final LongAdder errorRequests = new LongAdder();
    public final LongAdder requests = new LongAdder();
    /** Messages whose send waited because --max-inflight requests were already out (k6's dropped iterations). */
    public final LongAdder delayed = new LongAdder();
    /** Of those, the ones intended after the warm-up. */
    public final LongAdder measuredDelayed = new LongAdder();
    /** Payload bytes sent. */
    public final LongAdder bytes = new LongAdder();
    public final LatencyRecorder latency = new LatencyRecorder();
    public final LatencyRecorder serviceTime = new LatencyRecorder();
    public final LatencyRecorder sendDelay = new LatencyRecorder();
    /** Corrected latency of every message, warm-up included: the live progress line reads it. */
    public final LatencyRecorder live = new LatencyRecorder();
    /** Last failure seen, for the progress line and the summary. */
    public volatile String lastError = "";

    /** Messages sent but not answered yet. */
    public long outstanding() {
        return sent.sum() - acked.sum() - dropped.sum() - errored.sum();
    }
}
