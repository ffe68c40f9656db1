package io.burstpipe.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Range checks for config records, failing with the flag's name and what it allows:
 * {@code "--queue-capacity must be between 1 and 1000000 (was -1)"}.
 */
public final class FlagChecks {

    private FlagChecks() {
    }

    public static void requireRange(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + " (was " + value + ")");
        }
    }

    public static void requireBetween(String flag, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, flag);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(flag + " must be between " + min.toMillis() + " ms and "
                    + max.toMillis() + " ms (was " + value.toMillis() + " ms)");
        }
    }

    public static void requireNotNegative(String flag, Duration value) {
        Objects.requireNonNull(value, flag);
        if (value.isNegative()) {
            throw new IllegalArgumentException(flag + " must not be negative (was " + value.toMillis() + " ms)");
        }
    }
}
