package io.burstpipe.profile;

import java.util.Locale;

/** Checks and formatting shared by the profiles. */
final class Profiles {

    /** Upper bound on any rate: far above what one machine can send, low enough to catch typos. */
    static final double MAX_RATE_PER_SEC = 100_000_000.0;

    private Profiles() {
    }

    static void requireRate(String name, double ratePerSec) {
        if (!(ratePerSec >= 0.0 && ratePerSec <= MAX_RATE_PER_SEC)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s must be between 0 and %.0f msgs/s (was %s)", name, MAX_RATE_PER_SEC, ratePerSec));
        }
    }

    static void requirePositiveMillis(String name, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException(name + " must be > 0 ms (was " + millis + " ms)");
        }
    }

    /** A rate without a unit: 1000, or 12.5. */
    static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.valueOf(value);
    }

    static String rate(double ratePerSec) {
        return String.format(Locale.ROOT, "%.0f msgs/s", ratePerSec);
    }
}
