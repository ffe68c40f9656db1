package io.burstpipe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root of the front door, {@code burstpipe COMMAND}. Its subcommands are added by whoever assembles the
 * whole command line (the launcher), so the list it prints is the one list there is.
 */
@Command(name = "burstpipe", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"See backpressure: a bursty producer, a bounded queue, a deliberately slow store.",
                "Every flag can also be set by an environment variable: --queue-capacity is BURSTPIPE_QUEUE_CAPACITY.",
                ""},
        commandListHeading = "%nCommands (burstpipe COMMAND --help for each):%n")
public final class BurstpipeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** No command: what there is to run, on stderr, exit status 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing command; allowed: "
                + String.join(", ", spec.subcommands().keySet()));
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return spec.exitCodeOnInvalidInput();
    }
}
