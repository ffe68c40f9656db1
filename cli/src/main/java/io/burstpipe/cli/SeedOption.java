package io.burstpipe.cli;

import picocli.CommandLine.Option;

/** {@code --seed}: what makes a run repeatable, shared by every command that generates messages. */
public final class SeedOption {

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seeds arrivals and values (and the slow store, where there is one): the same seed "
                    + "replays the same messages at the same intended times. Default: ${DEFAULT-VALUE}.")
    long seed;

    public long seed() {
        return seed;
    }
}
