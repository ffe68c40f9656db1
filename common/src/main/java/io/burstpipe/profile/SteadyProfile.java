package io.burstpipe.profile;

/** A constant rate. */
public record SteadyProfile(double ratePerSec) implements RateProfile {

    public SteadyProfile {
        Profiles.requireRate("rate", ratePerSec);
    }

    @Override
    public double ratePerSecAt(long elapsedNanos) {
        return ratePerSec;
    }

    @Override
    public long segmentEndNanos(long elapsedNanos) {
        return Long.MAX_VALUE;
    }

    @Override
    public String describe() {
        return "steady " + Profiles.rate(ratePerSec);
    }
}
