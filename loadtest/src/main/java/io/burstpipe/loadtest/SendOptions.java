package io.burstpipe.loadtest;

import io.burstpipe.cli.DurationConverter;
import java.time.Duration;
import io.burstpipe.cli.DrainOption;
import io.burstpipe.cli.SenderOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How messages are sent: requests of up to --batch-size, at most --max-inflight at once, each with a timeout, and
 * the drain bound at the end. A mixin of {@code burstpipe loadtest}.
 */
public final class SendOptions {

    @Option(names = "--batch-size", defaultValue = "10", paramLabel = "N",
            description = "Most messages per request, 1..100000. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--linger", defaultValue = "2ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Longest a message waits for others to share its request, 0..10s. Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Option(names = "--max-inflight", defaultValue = "64", paramLabel = "N",
            description = "Requests out at once, 1..4096; beyond it sends wait and count as delayed. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxInflight;

    @Mixin
    SenderOptions sender;

    @Mixin
    DrainOption drain;
}
