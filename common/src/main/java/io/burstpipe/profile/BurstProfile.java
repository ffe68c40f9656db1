package io.burstpipe.profile;

/**
 * On/off bursts: {@code peakRatePerSec} for {@code onMillis}, then {@code baseRatePerSec} for
 * {@code offMillis}, repeating. A base rate of 0 means silence between bursts.
 */
public record BurstProfile(double baseRatePerSec, double peakRatePerSec, long onMillis, long offMillis)
        implements RateProfile {

    public BurstProfile {
        Profiles.requireRate("base rate", baseRatePerSec);
        Profiles.requireRate("peak rate", peakRatePerSec);
        Profiles.requirePositiveMillis("burst on", onMillis);
        Profiles.requirePositiveMillis("burst off", offMillis);
    }

    private long periodNanos() {
        return (onMillis + offMillis) * 1_000_000L;
    }

    @Override
    public double ratePerSecAt(long elapsedNanos) {
        return elapsedNanos % periodNanos() < onMillis * 1_000_000L ? peakRatePerSec : baseRatePerSec;
    }

    @Override
    public long segmentEndNanos(long elapsedNanos) {
        long periodStart = elapsedNanos - elapsedNanos % periodNanos();
        long onEnd = periodStart + onMillis * 1_000_000L;
        return elapsedNanos < onEnd ? onEnd : periodStart + periodNanos();
    }

    @Override
    public String describe() {
        return "burst " + Profiles.rate(peakRatePerSec) + " for " + onMillis + " ms, then "
                + Profiles.rate(baseRatePerSec) + " for " + offMillis + " ms";
    }
}
