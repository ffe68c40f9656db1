package io.burstpipe.profile;

/** A base rate with one spike: {@code spikeRatePerSec} from {@code spikeAtMillis} for {@code spikeMillis}. */
public record SpikeProfile(double baseRatePerSec, double spikeRatePerSec, long spikeAtMillis, long spikeMillis)
        implements RateProfile {

    public SpikeProfile {
        Profiles.requireRate("base rate", baseRatePerSec);
        Profiles.requireRate("spike rate", spikeRatePerSec);
        if (spikeAtMillis < 0) {
            throw new IllegalArgumentException("spike start must be >= 0 ms (was " + spikeAtMillis + ")");
        }
        Profiles.requirePositiveMillis("spike duration", spikeMillis);
    }

    @Override
    public double ratePerSecAt(long elapsedNanos) {
        long start = spikeAtMillis * 1_000_000L;
        long end = start + spikeMillis * 1_000_000L;
        return elapsedNanos >= start && elapsedNanos < end ? spikeRatePerSec : baseRatePerSec;
    }

    @Override
    public long segmentEndNanos(long elapsedNanos) {
        long start = spikeAtMillis * 1_000_000L;
        long end = start + spikeMillis * 1_000_000L;
        if (elapsedNanos < start) {
            return start;
        }
        return elapsedNanos < end ? end : Long.MAX_VALUE;
    }

    @Override
    public String describe() {
        return "spike " + Profiles.rate(baseRatePerSec) + " with " + Profiles.rate(spikeRatePerSec)
                + " from " + spikeAtMillis + " ms for " + spikeMillis + " ms";
    }
}
