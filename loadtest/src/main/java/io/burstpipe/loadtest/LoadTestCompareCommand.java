package io.burstpipe.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code burstpipe loadtest compare}: is the NEW run worse than the BASE run, beyond its own variation? */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares two load-test results, BASE and NEW: rate, delivery and latency side by side, and a "
                + "verdict on whether NEW is worse. Each latency percentile's change is exact (from the histograms "
                + "the runs stored) and gets a 95%% confidence interval from a block bootstrap of each run's measured "
                + "seconds; it counts as worse when the whole interval lies beyond --max-regression, and as "
                + "inconclusive (not worse, and said) when the change is beyond it but the interval reaches back "
                + "within it. NEW is also worse if it lost acknowledged messages BASE did not, failed to "
                + "deliver 0.1 percentage point more of its messages, or sent at a rate lower by more than "
                + "--max-regression. Runs of different loads (profile, seed, duration) are compared, and said to be.",
                "Writes comparison.json and comparison.html (both distributions on one chart, the series overlaid).",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:NEW is not worse than BASE", "1:a result could not be read or the comparison written",
                "2:bad arguments, or a result that cannot be compared (not a plain run, too short)",
                "99:NEW is worse than BASE"})
public final class LoadTestCompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE",
            description = "The result to compare against: a load test's --out folder or its result.json (the "
                    + "latency.hlog next to it is read too).")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The result that may be worse, the same way.")
    Path now;

    @Option(names = "--max-regression", paramLabel = "PCT", defaultValue = "10%",
            description = "The change allowed before NEW counts as worse, as 10%% or 0.1. Default: 10%%.")
    String maxRegression;

    @Option(names = "--decide-on", paramLabel = "PERCENTILE", split = ",", defaultValue = "p99",
            description = "The latency percentiles whose verdict decides, of p50, p90, p99, p99.9 (all are shown). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> decideOn = new ArrayList<>();

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "2000",
            description = "Bootstrap resamples of each run, 200..100000. Default: ${DEFAULT-VALUE}.")
    int resamples;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for comparison.json and comparison.html. Default: "
                    + "loadtest-results/compare-<date-time>.")
    Path out;

    private PrintStream stdout = System.out;

    /** Where the output goes (tests capture it). */
    public LoadTestCompareCommand output(PrintStream out) {
        this.stdout = out;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        double max = parseMaxRegression();
        List<Double> gate = parseGate();
        if (resamples < 200 || resamples > 100_000) {
            throw new ParameterException(spec.commandLine(), "--resamples must be from 200 to 100000 (was "
                    + resamples + ")");
        }
        Console console = new Console(stdout);
        Comparison.Result result;
        try {
            result = Comparison.of(read(base), read(now), max, gate, resamples);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            console.say("%s", e.getMessage());
            return 1;
        }
        ComparisonReport.print(console, result);
        Path dir = out != null ? out : LoadTestConfig.defaultOut("compare-");
        Path[] files = ComparisonReport.write(dir, ComparisonReport.json(result));
        console.say("compare: wrote %s and %s", files[0], files[1]);
        return result.worse() ? LoadTestCommand.THRESHOLDS_FAILED : 0;
    }

    private static SegmentResult read(Path path) throws IOException {
        SegmentResult r = SegmentResult.read(path);
        if (r.doc().containsKey("findMax")) {
            throw new IllegalArgumentException(r.source() + " is a --find-max result (its figures are one step's); "
                    + "compare plain runs, e.g. at the rate it found");
        }
        return r;
    }

    private double parseMaxRegression() {
        String text = maxRegression.trim();
        try {
            double v = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
                    : Double.parseDouble(text);
            if (v >= 0 && v <= 10) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ParameterException(spec.commandLine(), "--max-regression must be a share from 0% to 1000%, as 10% "
                + "or 0.1 (was '" + maxRegression + "')");
    }

    private List<Double> parseGate() {
        List<Double> out = new ArrayList<>();
        for (String name : decideOn) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            double p = Arrays.stream(Comparison.TESTED).filter(t -> Report.key(t).equals(n)).findFirst()
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "--decide-on takes p50, p90, p99 "
                            + "or p99.9 (was '" + name + "')"));
            out.add(p);
        }
        return out;
    }
}
