package io.burstpipe.loadtest;

import picocli.CommandLine.Option;

/** The same seeded load against each setting of a consumer knob in turn. A mixin of {@code burstpipe loadtest}. */
public final class SweepOptions {

    @Option(names = "--sweep", paramLabel = "KNOB=V1,V2,...",
            description = "Run the same seeded load once for each setting of the consumer's knob and report the "
                    + "trade-off: overflow=block,reject,drop-newest,drop-oldest (switched through its control "
                    + "endpoints: needs --control-token, or --start-consumer; the consumer's own policy is put back "
                    + "at the end), or queue-capacity=N1,N2,... (needs --start-consumer: the consumer is started "
                    + "again with each capacity). An unjudged warm-up comes before the first setting, and before "
                    + "each one the consumer is started again for.")
    String sweep;

    @Option(names = "--sweep-goal", paramLabel = "GOAL", defaultValue = "no-loss",
            description = "What the recommendation is for: no-loss (nothing undelivered, then the lowest p99), "
                    + "lowest-p99, or most-delivered. Default: ${DEFAULT-VALUE}.")
    String goal;
}
