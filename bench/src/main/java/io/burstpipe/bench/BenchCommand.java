package io.burstpipe.bench;

import io.burstpipe.bench.PipelineBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench pipeline} and {@code bench index}: printed figures, not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures and ratios against a baseline measured in the same run.",
        subcommands = {BenchCommand.Pipeline.class, BenchCommand.Index.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing benchmark; allowed: " + String.join(", ", spec.subcommands().keySet()));
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = {"In-process pipeline throughput with store latency 0, next to raw ArrayBlockingQueue",
                    "put/take in the same run, at each --capacity."})
    static final class Pipeline implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--messages", defaultValue = "5000000",
                description = "Messages per round, 1000..100000000. Default: ${DEFAULT-VALUE}.")
        int messages;

        @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds per variant (median "
                + "reported), 1..50. Default: ${DEFAULT-VALUE}.")
        int rounds;

        @Option(names = "--capacity", split = ",", defaultValue = "10,1024",
                description = "Queue capacities to measure, comma-separated. Default: ${DEFAULT-VALUE}.")
        int[] capacities;

        @Override
        public Integer call() throws Exception {
            if (messages < 1000 || messages > 100_000_000) {
                throw new ParameterException(spec.commandLine(),
                        "--messages must be between 1000 and 100000000 (was " + messages + ")");
            }
            if (rounds < 1 || rounds > 50) {
                throw new ParameterException(spec.commandLine(), "--rounds must be between 1 and 50 (was " + rounds + ")");
            }
            for (int capacity : capacities) {
                if (capacity < 1 || capacity > 1_000_000) {
                    throw new ParameterException(spec.commandLine(),
                            "--capacity must be between 1 and 1000000 (was " + capacity + ")");
                }
            }
            new PipelineBenchmark(messages, rounds, System.out).run(capacities);
            return 0;
        }
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = {"The stores' id index: live heap after a full GC at a tenth, half and all of --ids, and the "
                    + "dedupe cost per message, for a set of id strings (the index before) next to SeqIndex, in the "
                    + "same run; then the embedded store storing the same ids (a temporary directory, deleted after)."})
    static final class Index implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--ids", defaultValue = "10000000",
                description = "Ids to store, 10000..100000000. Default: ${DEFAULT-VALUE}.")
        long ids;

        @Option(names = "--index-only",
                description = "Measure the index alone, without storing the ids in an embedded store (which writes "
                        + "about 50 bytes of log per id to a temporary directory).")
        boolean indexOnly;

        @Override
        public Integer call() throws Exception {
            if (ids < 10_000 || ids > 100_000_000) {
                throw new ParameterException(spec.commandLine(),
                        "--ids must be between 10000 and 100000000 (was " + ids + ")");
            }
            new IndexBenchmark(ids, System.out).run(!indexOnly);
            return 0;
        }
    }
}
