package io.burstpipe.loadtest;

import io.burstpipe.cli.DurationConverter;
import java.time.Duration;
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

    @Option(names = "--request-timeout", defaultValue = "30s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Per request. Default: ${DEFAULT-VALUE}.")
    Duration requestTimeout;

    @Option(names = "--drain-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "After sending: bound on waiting for answers, the consumer's queue and the group's lag "
                    + "to empty. Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    @Option(names = "--producer-id", paramLabel = "NAME",
            description = "Name in every message id; default: lt-<a fresh run id>, so ids never collide with "
                    + "earlier runs.")
    String producerId;
}
