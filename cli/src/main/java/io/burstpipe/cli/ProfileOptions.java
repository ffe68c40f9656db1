package io.burstpipe.cli;

import io.burstpipe.profile.Arrivals;
import io.burstpipe.profile.ProfileKind;
import io.burstpipe.profile.ProfileSettings;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The rate-profile flags, shared by every command that generates messages. */
public final class ProfileOptions {

    @Option(names = "--profile", defaultValue = "burst", paramLabel = "NAME", converter = ProfileConverter.class,
            description = "Rate profile: steady, burst, poisson, ramp, spike, stages. Default: ${DEFAULT-VALUE}.")
    ProfileKind profile;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "MSGS/S",
            description = "Steady/poisson rate; base rate of burst and spike; start of ramp (msgs/s, per producer). "
                    + "Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--peak-rate", defaultValue = "4000", paramLabel = "MSGS/S",
            description = "Burst peak, spike rate, or end of ramp (msgs/s, per producer). Default: ${DEFAULT-VALUE}.")
    double peakRate;

    @Option(names = "--burst-on", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Length of each burst. Default: ${DEFAULT-VALUE}.")
    Duration burstOn;

    @Option(names = "--burst-off", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Gap between bursts (at --rate). Default: ${DEFAULT-VALUE}.")
    Duration burstOff;

    @Option(names = "--ramp-duration", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Ramp length. Default: ${DEFAULT-VALUE}.")
    Duration rampDuration;

    @Option(names = "--spike-at", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "When the spike starts. Default: ${DEFAULT-VALUE}.")
    Duration spikeAt;

    @Option(names = "--spike-duration", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Spike length. Default: ${DEFAULT-VALUE}.")
    Duration spikeDuration;

    @Option(names = "--stages", paramLabel = "STAGES",
            description = "With --profile stages: DURATION:RATE (hold) or DURATION:FROM..TO (linear ramp) steps, "
                    + "comma-separated, run in order, e.g. 10s:0..1000,30s:1000,5s:0.")
    String stages;

    @Option(names = "--arrivals", paramLabel = "KIND", converter = ArrivalsConverter.class,
            description = "uniform or poisson; default: poisson for burst and poisson, uniform otherwise.")
    Arrivals arrivals;

    /** Builds the spec; throws {@link IllegalArgumentException} naming the flag if a value is out of range. */
    public ProfileSettings toSpec() {
        return new ProfileSettings(profile, rate, peakRate, burstOn.toMillis(), burstOff.toMillis(),
                rampDuration.toMillis(), spikeAt.toMillis(), spikeDuration.toMillis(), arrivals, stages);
    }

    static final class ProfileConverter implements ITypeConverter<ProfileKind> {
        @Override
        public ProfileKind convert(String value) {
            try {
                return ProfileKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ArrivalsConverter implements ITypeConverter<Arrivals> {
        @Override
        public Arrivals convert(String value) {
            try {
                return Arrivals.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown arrivals '" + value + "'; allowed: uniform, poisson");
            }
        }
    }
}
