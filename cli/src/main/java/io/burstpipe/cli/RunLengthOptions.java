package io.burstpipe.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --duration} and {@code --messages}: how long a generating service runs, until stopped by default. */
public final class RunLengthOptions {

    @Option(names = "--duration", defaultValue = "0", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to generate (e.g. 10s, 2m); 0 = until --messages, the end of the profile, or "
                    + "Ctrl-C/SIGTERM. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--messages", defaultValue = "0", paramLabel = "N",
            description = "Stop after N messages (per producer where there are several; 0 = no limit). "
                    + "Default: ${DEFAULT-VALUE}.")
    long messages;

    public Duration duration() {
        return duration;
    }

    public long messages() {
        return messages;
    }
}
