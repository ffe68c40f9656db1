package io.burstpipe.profile;

import java.util.SplittableRandom;

/**
 * The intended send times of one producer: offsets from the start of the run that follow a
 * {@link RateProfile}, evenly or as a Poisson process. The same profile, arrivals and seed give the
 * same sequence of times, so a burst can be replayed exactly.
 *
 * <p>Arrivals follow the profile exactly across rate changes: each gap consumes one unit (or an
 * exponential draw) of "expected arrivals", integrating the rate segment by segment, so a burst that
 * starts mid-gap is not skipped.
 *
 * <p>Not thread-safe: one schedule per producer thread.
 */
public final class IntendedSchedule {

    /** Returned by {@link #nextNanos()} when the profile will never produce another message. */
    public static final long NEVER = Long.MAX_VALUE;

    private final RateProfile profile;
    private final Arrivals arrivals;
    private final SplittableRandom random;
    private long lastNanos;
    private double exactNanos;
    private boolean started;

    public IntendedSchedule(RateProfile profile, Arrivals arrivals, long seed) {
        this.profile = profile;
        this.arrivals = arrivals;
        this.random = new SplittableRandom(seed);
    }

    public RateProfile profile() {
        return profile;
    }

    /** The next intended send time, in nanoseconds since the start; non-decreasing; or {@link #NEVER}. */
    public long nextNanos() {
        if (lastNanos == NEVER) {
            return NEVER;
        }
        double need = arrivals == Arrivals.POISSON ? -Math.log(1.0 - random.nextDouble()) : 1.0;
        if (!started && arrivals == Arrivals.UNIFORM) {
            // the first uniform arrival is at the first active instant, not one gap later
            need = 0.0;
        }
        started = true;
        // kept exact (fractions of a nanosecond) so rounding never adds up: n arrivals at r msgs/s take n/r s
        double t = exactNanos;
        while (true) {
            long at = (long) t;
            double rate = profile.ratePerSecAt(at);
            long end = profile.segmentEndNanos(at);
            if (rate <= 0.0) {
                if (end == Long.MAX_VALUE) {
                    lastNanos = NEVER;
                    return NEVER;
                }
                t = end;
                continue;
            }
            double gapNanos = need / rate * 1e9;
            if (end == Long.MAX_VALUE || Math.round(t + gapNanos) < end) {
                exactNanos = t + gapNanos;
                lastNanos = Math.max(lastNanos, Math.round(exactNanos));
                return lastNanos;
            }
            need -= rate * (end - t) / 1e9;
            t = end;
        }
    }
}
