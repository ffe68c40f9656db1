package io.burstpipe.profile;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The named rate profiles, as spelled on the command line. */
public enum ProfileKind {
    STEADY(Arrivals.UNIFORM, "a constant --rate"),
    BURST(Arrivals.POISSON, "--peak-rate for --burst-on, then --rate for --burst-off, repeating"),
    POISSON(Arrivals.POISSON, "random (Poisson) arrivals averaging --rate"),
    RAMP(Arrivals.UNIFORM, "from --rate to --peak-rate over --ramp-duration, then holding"),
    SPIKE(Arrivals.UNIFORM, "--rate, with --peak-rate from --spike-at for --spike-duration"),
    STAGES(Arrivals.UNIFORM, "the --stages steps in order (hold a rate, or ramp FROM..TO), then stop");

    private final Arrivals defaultArrivals;
    private final String summary;

    ProfileKind(Arrivals defaultArrivals, String summary) {
        this.defaultArrivals = defaultArrivals;
        this.summary = summary;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Arrivals defaultArrivals() {
        return defaultArrivals;
    }

    public String summary() {
        return summary;
    }

    /** Parses a command-line name; the error lists what is allowed. */
    public static ProfileKind parse(String text) {
        for (ProfileKind kind : values()) {
            if (kind.cliName().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + text + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ProfileKind::cliName).collect(Collectors.joining(", "));
    }
}
