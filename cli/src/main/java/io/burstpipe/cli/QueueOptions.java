package io.burstpipe.cli;

import picocli.CommandLine.Option;

/** The bounded queue and the store writers behind it, shared by the consumer and the in-process run. */
public final class QueueOptions {

    @Option(names = "--queue-capacity", defaultValue = "10", paramLabel = "N",
            description = "Bounded queue size in messages, 1..1000000. Default: ${DEFAULT-VALUE}.")
    int capacity;

    @Option(names = "--batch-size", defaultValue = "10", paramLabel = "N",
            description = "Messages per store write, 1..10000. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--writers", defaultValue = "1", paramLabel = "N",
            description = "Store writer threads, 1..64. Default: ${DEFAULT-VALUE}.")
    int writers;

    public int capacity() {
        return capacity;
    }

    public int batchSize() {
        return batchSize;
    }

    public int writers() {
        return writers;
    }
}
