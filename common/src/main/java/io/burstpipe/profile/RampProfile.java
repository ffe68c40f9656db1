package io.burstpipe.profile;

/** A rate rising (or falling) linearly from one value to another over a time, then holding. */
public record RampProfile(double fromRatePerSec, double toRatePerSec, long rampMillis) implements RateProfile {

    /** The ramp is followed in steps of this length, each at its mid-point rate. */
    private static final long STEP_NANOS = 10_000_000L;

    public RampProfile {
        Profiles.requireRate("start rate", fromRatePerSec);
        Profiles.requireRate("end rate", toRatePerSec);
        Profiles.requirePositiveMillis("ramp duration", rampMillis);
    }

    @Override
    public double ratePerSecAt(long elapsedNanos) {
        long rampNanos = rampMillis * 1_000_000L;
        if (elapsedNanos >= rampNanos) {
            return toRatePerSec;
        }
        long stepMid = elapsedNanos - elapsedNanos % STEP_NANOS + STEP_NANOS / 2;
        double fraction = Math.min(1.0, (double) stepMid / rampNanos);
        return fromRatePerSec + (toRatePerSec - fromRatePerSec) * fraction;
    }

    @Override
    public long segmentEndNanos(long elapsedNanos) {
        long rampNanos = rampMillis * 1_000_000L;
        if (elapsedNanos >= rampNanos) {
            return Long.MAX_VALUE;
        }
        return Math.min(rampNanos, elapsedNanos - elapsedNanos % STEP_NANOS + STEP_NANOS);
    }

    @Override
    public String describe() {
        return "ramp " + Profiles.rate(fromRatePerSec) + " to " + Profiles.rate(toRatePerSec)
                + " over " + rampMillis + " ms";
    }
}
