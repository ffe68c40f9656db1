package io.burstpipe.scenarios;

/**
 * One runnable mode of the threading catalogue. {@link #run} prints the tutorial's style of log lines
 * through the {@link ScenarioLog} and returns an {@link Outcome} that says what happened and what was
 * expected; the catalogue prints it as the last line.
 */
public interface Scenario {

    /** Command-line name, e.g. {@code race-condition}. */
    String name();

    /** What it shows, one line. */
    String shows();

    /** What to look for in its output, one line. */
    String observe();

    Outcome run(ScenarioLog log) throws Exception;
}
