package io.burstpipe.cli;

import java.time.Duration;
import io.burstpipe.store.SlowStoreSettings;
import picocli.CommandLine.Option;

/** The slow-store knobs, shared by every command that writes to a store. */
public final class SlowStoreOptions {

    @Option(names = "--store-latency", defaultValue = "5ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Each batch write takes this long in all (or its real time if longer), 0..60s. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration latency;

    @Option(names = "--store-jitter", defaultValue = "2ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Uniform ± spread of the store latency, 0..60s. Default: ${DEFAULT-VALUE}.")
    Duration jitter;

    @Option(names = "--store-failure-rate", defaultValue = "0", paramLabel = "P",
            description = "Probability that a batch write fails and is retried, 0 <= P < 1. Default: ${DEFAULT-VALUE}.")
    double failureRate;

    /** @throws IllegalArgumentException naming the flag and what it allows */
    public SlowStoreSettings toSettings() {
        return new SlowStoreSettings(latency, jitter, failureRate);
    }

    public Duration latency() {
        return latency;
    }

    public Duration jitter() {
        return jitter;
    }

    public double failureRate() {
        return failureRate;
    }
}
