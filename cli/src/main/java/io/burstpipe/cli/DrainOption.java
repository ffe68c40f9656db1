package io.burstpipe.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --drain-timeout}: the bound on every command's graceful stop. */
public final class DrainOption {

    @Option(names = "--drain-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Bound on the graceful stop: how long the work in hand (requests in flight, the queue, "
                    + "the last store writes) may take to finish; what is left then is counted, not lost "
                    + "silently, 1s..1h. Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    public Duration drainTimeout() {
        return drainTimeout;
    }
}
