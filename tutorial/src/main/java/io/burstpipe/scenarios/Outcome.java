package io.burstpipe.scenarios;

/**
 * How a scenario ended.
 *
 * @param asExpected whether the scenario showed what it is meant to show
 * @param text       what happened and what was expected, one line
 */
public record Outcome(boolean asExpected, String text) {

    public static Outcome of(boolean asExpected, String format, Object... args) {
        return new Outcome(asExpected, String.format(java.util.Locale.ROOT, format, args));
    }

    /** The scenario's last line. */
    public String line() {
        return "outcome: " + text + (asExpected ? "" : " [NOT AS EXPECTED]");
    }
}
