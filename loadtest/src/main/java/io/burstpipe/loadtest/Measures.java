package io.burstpipe.loadtest;

import org.HdrHistogram.Histogram;

/**
 * The figures thresholds are checked against: latency histograms (microseconds) of the measured part
 * of a run, the run's counters, and its rates.
 *
 * @param latency      answer minus intended send time (corrected for coordinated omission)
 * @param service      answer minus actual send time (uncorrected)
 * @param sendDelay    actual minus intended send time
 * @param sent         messages sent (the whole run, warm-up included, as the loss check counts)
 * @param acked        messages acknowledged by the target
 * @param errored      messages in failed requests
 * @param delayed      measured messages (intended after the warm-up) whose send waited for the in-flight bound
 * @param dropped      messages the target reported dropped
 * @param achievedRate messages sent per second over the measured span
 * @param targetRate   messages per second the profile asked for over the measured span
 */
public record Measures(Histogram latency, Histogram service, Histogram sendDelay, long sent, long acked,
                       long errored, long delayed, long dropped, double achievedRate, double targetRate) {

    /** Messages sent and not acknowledged (failed, dropped, or never answered). */
    public long lost() {
        return Math.max(0, sent - acked);
    }
}
