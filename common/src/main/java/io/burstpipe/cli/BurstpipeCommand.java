package io.burstpipe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The front door: {@code burstpipe run | scenario | bench}. */
@Command(name = "burstpipe", mixinStandardHelpOptions = true, version = "burstpipe 0.1.0",
        description = {"See backpressure: a bursty producer, a bounded queue, a deliberately slow store."},
        subcommands = {RunCommand.class, ScenarioCommand.class, BenchCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class BurstpipeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command; allowed: run, scenario, bench, help");
    }
}
