package io.burstpipe.bench;

import io.burstpipe.bench.PipelineBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench pipeline}: printed throughput figures, not a test. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures and ratios against a baseline measured in the same run.",
        subcommands = BenchCommand.Pipeline.class)
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
}
