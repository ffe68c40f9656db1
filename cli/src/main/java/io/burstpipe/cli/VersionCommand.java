package io.burstpipe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code burstpipe version}: the same as {@code burstpipe --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Prints the version.")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(Version.TEXT);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
