package io.burstpipe.loadtest;

import io.burstpipe.profile.RateProfile;
import io.burstpipe.profile.Segment;
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

    /** The figures so far; the target rate is the segment's share of the profile's. */
    static Measures of(LoadStats stats, long start, long warmupNanos, long until, RateProfile profile,
                       Segment segment) {
        double seconds = Math.max(1e-9, (until - start - warmupNanos) / 1e9);
        double target = averageRate(profile, warmupNanos, until - start) * segment.share();
        return new Measures(stats.latency.total(), stats.serviceTime.total(), stats.sendDelay.total(),
                stats.sent.sum(), stats.acked.sum(), stats.errored.sum(), stats.measuredDelayed.sum(),
                stats.dropped.sum(), stats.measuredSent.sum() / seconds, target);
    }

    /** The profile's mean rate between two offsets from the start. */
    static double averageRate(RateProfile profile, long fromNanos, long toNanos) {
        if (toNanos <= fromNanos) {
            return profile.ratePerSecAt(fromNanos);
        }
        int samples = 200;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            sum += profile.ratePerSecAt(fromNanos + (long) ((toNanos - fromNanos) * ((i + 0.5) / samples)));
        }
        return sum / samples;
    }
}
