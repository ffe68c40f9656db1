package io.burstpipe.loadtest;

import io.burstpipe.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The backlog test: the consumer paused while a backlog is sent, then resumed and the drain timed. A mixin of {@code
 * burstpipe loadtest}.
 */
public final class BacklogOptions {

    @Option(names = "--backlog-messages", paramLabel = "N", defaultValue = "0",
            description = "Backlog test: pause the consumer, send N messages at --rate (requests filled up to "
                    + "--batch-size), resume, and time the drain. Over HTTP the consumer holds at most its queue and "
                    + "its requests in flight: size its --queue-capacity for N.")
    long backlogMessages;

    @Option(names = "--backlog-duration", paramLabel = "TIME", defaultValue = "0", converter = DurationConverter.class,
            description = "Backlog test sized by time: --rate for this long while the consumer is paused.")
    Duration backlogDuration;
}
