package io.burstpipe.tutorial;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.catalog.ScenarioCatalog;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scenario list} and {@code scenario NAME}: the threading catalogue. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = {"Runs one threading scenario from the catalogue in this JVM and prints its outcome.",
                "Use 'scenario list' to see them all."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the scenario showed what it is meant to show", "1:it did not",
                "2:bad arguments (e.g. an unknown scenario)"})
public final class ScenarioCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "'list', or a scenario name: ${COMPLETION-CANDIDATES}",
            completionCandidates = Names.class)
    String name;

    @Option(names = "--debug", description = "Also show DEBUG lines (lock hand-offs), as the tutorial's "
            + "logging.getLogger().setLevel(logging.DEBUG).")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (name.equals("list")) {
            list(out);
            return 0;
        }
        Scenario scenario = ScenarioCatalog.find(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "Unknown scenario '" + name + "'; allowed: list, " + ScenarioCatalog.names()));
        Outcome outcome = ScenarioCatalog.run(scenario, out, debug);
        return outcome.asExpected() ? 0 : 1;
    }

    private static void list(PrintStream out) {
        int width = ScenarioCatalog.all().stream().mapToInt(s -> s.name().length()).max().orElse(10);
        for (Scenario s : ScenarioCatalog.all()) {
            out.printf("%-" + width + "s  %s%n", s.name(), s.shows());
        }
        out.printf("%n%d scenarios; run one with: scenario NAME [--debug]%n", ScenarioCatalog.all().size());
    }

    /** Completion candidates and help text. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ScenarioCatalog.all().stream().map(Scenario::name).iterator();
        }
    }
}
