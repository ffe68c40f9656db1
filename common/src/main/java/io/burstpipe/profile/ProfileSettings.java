package io.burstpipe.profile;

import java.util.Objects;

/**
 * Everything that picks a rate profile, as given by flags or environment. Validated on construction,
 * with errors naming the flag;
 * {@link #toProfile()} builds the profile it names.
 *
 * @param kind            which profile
 * @param ratePerSec      steady/poisson rate; base rate of burst and spike; start rate of ramp
 * @param peakRatePerSec  burst peak, spike rate, or ramp end rate
 * @param burstOnMillis   length of each burst
 * @param burstOffMillis  gap between bursts (at {@code ratePerSec})
 * @param rampMillis      ramp length
 * @param spikeAtMillis   when the spike starts
 * @param spikeMillis     spike length
 * @param arrivals        arrival process, or {@code null} for the profile's default
 * @param stages          the stages of {@link ProfileKind#STAGES} ({@link StagesProfile#parse} form), or
 *                        {@code null}
 */
public record ProfileSettings(ProfileKind kind, double ratePerSec, double peakRatePerSec,
                          long burstOnMillis, long burstOffMillis, long rampMillis,
                          long spikeAtMillis, long spikeMillis, Arrivals arrivals, String stages) {

    public ProfileSettings {
        Objects.requireNonNull(kind, "kind");
        Profiles.requireRate("--rate", ratePerSec);
        Profiles.requireRate("--peak-rate", peakRatePerSec);
        Profiles.requirePositiveMillis("--burst-on", burstOnMillis);
        Profiles.requirePositiveMillis("--burst-off", burstOffMillis);
        Profiles.requirePositiveMillis("--ramp-duration", rampMillis);
        Profiles.requirePositiveMillis("--spike-duration", spikeMillis);
        if (spikeAtMillis < 0) {
            throw new IllegalArgumentException("--spike-at must be >= 0 ms (was " + spikeAtMillis + " ms)");
        }
        if (kind == ProfileKind.STAGES) {
            if (stages == null) {
                throw new IllegalArgumentException("--profile stages needs --stages " + StagesProfile.FORM);
            }
            StagesProfile.parse(stages);
        } else if (stages != null) {
            throw new IllegalArgumentException("--stages is only used with --profile stages (profile is "
                    + kind.cliName() + ")");
        }
    }

    public ProfileSettings(ProfileKind kind, double ratePerSec, double peakRatePerSec, long burstOnMillis,
                       long burstOffMillis, long rampMillis, long spikeAtMillis, long spikeMillis, Arrivals arrivals) {
        this(kind, ratePerSec, peakRatePerSec, burstOnMillis, burstOffMillis, rampMillis, spikeAtMillis, spikeMillis,
                arrivals, null);
    }

    /** Holds the given stages ({@link StagesProfile#parse} form). */
    public static ProfileSettings stages(String stages) {
        return new ProfileSettings(ProfileKind.STAGES, 0, 0, 1000, 1000, 1000, 0, 1000, null, stages);
    }

    public static ProfileSettings steady(double ratePerSec) {
        return new ProfileSettings(ProfileKind.STEADY, ratePerSec, ratePerSec, 1000, 1000, 1000, 0, 1000, null);
    }

    public static ProfileSettings burst(double baseRatePerSec, double peakRatePerSec, long onMillis, long offMillis) {
        return new ProfileSettings(ProfileKind.BURST, baseRatePerSec, peakRatePerSec, onMillis, offMillis,
                1000, 0, 1000, null);
    }

    public RateProfile toProfile() {
        if (kind == ProfileKind.STAGES) {
            return StagesProfile.parse(stages);
        }
        return toProfile(kind, ratePerSec, peakRatePerSec, burstOnMillis, burstOffMillis, rampMillis,
                spikeAtMillis, spikeMillis);
    }

    private static RateProfile toProfile(ProfileKind kind, double rate, double peak, long on, long off,
                                         long ramp, long spikeAt, long spike) {
        return switch (kind) {
            case STEADY, POISSON -> new SteadyProfile(rate);
            case BURST -> new BurstProfile(rate, peak, on, off);
            case RAMP -> new RampProfile(rate, peak, ramp);
            case SPIKE -> new SpikeProfile(rate, peak, spikeAt, spike);
            case STAGES -> throw new IllegalStateException("stages are built from their text");
        };
    }

    public Arrivals effectiveArrivals() {
        return arrivals != null ? arrivals : kind.defaultArrivals();
    }

    /** A schedule for one producer; the same seed gives the same intended send times. */
    public IntendedSchedule schedule(long seed) {
        return new IntendedSchedule(toProfile(), effectiveArrivals(), seed);
    }

    public String describe() {
        return toProfile().describe() + ", " + effectiveArrivals().name().toLowerCase(java.util.Locale.ROOT)
                + " arrivals";
    }
}
