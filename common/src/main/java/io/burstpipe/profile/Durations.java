package io.burstpipe.profile;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a duration as people write one: {@code 250ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or {@code 0}. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** @throws IllegalArgumentException saying what the form is */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a number and a unit, "
                    + "ms, s, m or h (e.g. 500ms, 10s, 1.5s, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        double millisPerUnit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        double millis = amount * millisPerUnit;
        if (millis > Duration.ofDays(365).toMillis()) {
            throw new IllegalArgumentException("'" + text + "' is too long: at most 365 days");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
