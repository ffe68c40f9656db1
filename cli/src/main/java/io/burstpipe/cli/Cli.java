package io.burstpipe.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Builds the command line every entry point uses: env defaults, exit code 2 for bad input. */
public final class Cli {

    private Cli() {
    }

    public static CommandLine commandLine(Object command, Map<String, String> env) {
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new EnvDefaultProvider(env));
        cli.setUsageHelpAutoWidth(true);
        cli.setParameterExceptionHandler(Cli::shortError);
        return cli;
    }

    /** Bad input: the message and a pointer to --help, not the whole usage text. Exit status 2. */
    private static int shortError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the flags and what they allow.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Runs the command with the given streams; returns the exit status (0 ok, 1 failed check, 2 bad input). */
    public static int execute(Object command, Map<String, String> env, PrintWriter out, PrintWriter err,
                              String... args) {
        CommandLine cli = commandLine(command, env);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }
}
