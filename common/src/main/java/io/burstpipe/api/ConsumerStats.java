package io.burstpipe.api;

import java.util.Map;
import java.util.Optional;

/**
 * A burstpipe consumer's {@code GET /stats}: what the consumer writes, and what the load tester, the bottleneck
 * readout and the benchmarks read, through {@link ConsumerStatsJson}. Counters are cumulative since the consumer
 * started; {@link #lastInterval()} holds the rates and latency percentiles of the last full tick (a second), absent
 * until the first one; {@link #kafka()} is absent for a consumer without Kafka intake. Immutable.
 *
 * @param timeMillis when the snapshot was taken, epoch milliseconds
 */
public record ConsumerStats(long timeMillis, String policy, boolean paused, boolean stopping, String store,
                            Queue queue, Messages messages, Batches batches, long failedWrites,
                            Connections connections, Work work, Optional<Interval> lastInterval,
                            Optional<Kafka> kafka) {

    /** The bounded queue now, and the highest depth it reached. */
    public record Queue(int depth, int capacity, int highWater) {
    }

    /** Messages by stage, cumulative. {@code stored} counts ids new to the store; {@code duplicates} the others. */
    public record Messages(long received, long accepted, long stored, long duplicates, long rejected, long dropped,
                           long notAccepted, long abandoned) {
    }

    /** Requests: received, refused as malformed, and being taken in now. */
    public record Batches(long received, long invalid, int inflight) {
    }

    /** The HTTP front's connections and request bodies (see the consumer's connection limits). */
    public record Connections(int open, long refused, long headerTimeouts, long bodyBytesInUse, long bodyTimeouts,
                              long bodyBudgetRefusals) {
        public static final Connections NONE = new Connections(0, 0, 0, 0, 0, 0);
    }

    /**
     * Cumulative work figures for utilisation and Little's law over any span: the writers' busy time; the time
     * messages spent inside the queue, from entering it to a writer taking them (sum, and how many were taken); the
     * time-sampled queue depth ({@code depthTime}, the depth of each sample times the microseconds it stands for,
     * and {@code sampledMicros}, their sum: the ratio is the time-averaged depth); and the push-back, the time
     * messages waited for room <em>before</em> entering the queue (summed over messages, so its rate is the mean
     * number held back). Of the sampled time, {@code loadedMicros} found work in the pipeline (a message queued or a
     * writer writing), and {@code busyWriterMicros} sums the writers found writing times the time: their ratio is
     * the writers' busy share while there was work.
     */
    public record Work(int writers, long storeBatches, long storeBusyNanos, long queueWaitNanos, long queueWaitCount,
                       long depthTime, long sampledMicros, long pushBackNanos, long loadedMicros,
                       long busyWriterMicros) {
    }

    /** Messages per second over the last interval. */
    public record Rates(double in, double accepted, double stored) {
    }

    /** Latency percentiles of the last interval, in milliseconds. */
    public record Percentiles(long count, double p50, double p99, double max) {
    }

    /**
     * The last full interval: rates, latencies, and the share of it the writers were busy (0..1). {@code queueWaitMs}
     * runs from arrival at intake to a writer taking the message: push-back and time in the queue together.
     * {@code depthMin} and {@code depthMax} are the lowest and highest queue depth sampled in the interval (every
     * 10 ms), which a once-a-second snapshot of the depth cannot show.
     */
    public record Interval(Rates ratePerSec, Percentiles storeLatencyMs, Percentiles endToEndMs,
                           Percentiles sendDelayMs, Percentiles queueWaitMs, double storeBusy, int depthMin,
                           int depthMax) {
    }

    /** Kafka intake: pause state, lag (total and per assigned partition), and its counters. */
    public record Kafka(boolean paused, long lag, Map<Integer, Long> partitionLag, long pauses, long resumes,
                        long undecodable, long deadLettered, long deadLetterFailures, long commits) {
        public Kafka {
            partitionLag = Map.copyOf(partitionLag);
        }
    }

    /** The same counters with the last interval's figures attached. */
    public ConsumerStats withInterval(Interval interval) {
        return new ConsumerStats(timeMillis, policy, paused, stopping, store, queue, messages, batches, failedWrites,
                connections, work, Optional.of(interval), kafka);
    }
}
