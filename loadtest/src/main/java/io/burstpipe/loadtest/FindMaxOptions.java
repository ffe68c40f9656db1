package io.burstpipe.loadtest;

import io.burstpipe.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The search for the highest rate the target sustains. A mixin of {@code burstpipe loadtest}.
 */
public final class FindMaxOptions {

    @Option(names = "--find-max",
            description = "Search for the highest steady rate with the latency bound held and nothing lost, "
                    + "starting at --rate.")
    boolean findMax;

    @Option(names = "--latency-bound", defaultValue = "500ms", converter = DurationConverter.class,
            paramLabel = "TIME", description = "--find-max: bound on the latency percentile. Default: ${DEFAULT-VALUE}.")
    Duration latencyBound;

    @Option(names = "--latency-percentile", defaultValue = "99", paramLabel = "P",
            description = "--find-max: the percentile held under the bound, 0 < P < 100. Default: ${DEFAULT-VALUE}.")
    double latencyPercentile;

    @Option(names = "--step-duration", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "--find-max: length of each step (the first fifth, at most 2 s, is warm-up; an unjudged "
                    + "warm-up step at --rate comes first). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration stepDuration;

    @Option(names = "--max-steps", defaultValue = "12", paramLabel = "N",
            description = "--find-max: most steps, 1..100. Default: ${DEFAULT-VALUE}.")
    int maxSteps;

    @Option(names = "--precision", defaultValue = "0.05", paramLabel = "FRACTION",
            description = "--find-max: stop when the best pass and the lowest failure are this close. "
                    + "Default: ${DEFAULT-VALUE}.")
    double precision;
}
