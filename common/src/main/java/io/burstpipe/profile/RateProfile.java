package io.burstpipe.profile;

/**
 * A message rate as a function of time since the start of a run. Profiles are immutable; the
 * randomness of arrivals lives in {@link IntendedSchedule}, seeded, so one seed gives one schedule.
 */
public interface RateProfile {

    /** Messages per second at {@code elapsedNanos} after the start; 0 or more. */
    double ratePerSecAt(long elapsedNanos);

    /**
     * The first instant after {@code elapsedNanos} at which the rate may change, or
     * {@link Long#MAX_VALUE} if it never does. The rate is treated as constant up to that instant.
     */
    long segmentEndNanos(long elapsedNanos);

    /** One line for logs and summaries, with units. */
    String describe();
}
