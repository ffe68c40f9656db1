package io.burstpipe.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code burstpipe loadtest merge}: the results of the segments of one schedule, merged into the whole run's. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merges the results of load tests that each ran one --segment of the same seeded schedule "
                + "(on one machine or several) into the result of the whole run: the stored latency histograms "
                + "added, so every percentile is exactly that of all the answers together; counters and the "
                + "per-second series summed; the thresholds judged on the merged figures. Writes result.json, "
                + "report.html, series.csv and latency.hlog, and prints the same summary as a run.", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the merged run passed its thresholds", "1:a result could not be read or written",
                "2:bad arguments, or the results are not all the segments of one schedule",
                "99:a threshold failed on the merged result (or a segment aborted)"})
public final class LoadTestMergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*",
            description = "The segments' result folders (their --out), or their result.json files, in any order; "
                    + "each needs the latency.hlog written next to its result.json.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "EXPR",
            description = "Judge the merged result by this instead of the thresholds the segments ran with "
                    + "(repeatable; as loadtest --threshold, windows included).")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for the merged files. Default: loadtest-results/merged-<date-time>.")
    Path out;

    private PrintStream stdout = System.out;

    /** Where the output goes (tests capture it). */
    public LoadTestMergeCommand output(PrintStream out) {
        this.stdout = out;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        List<Threshold> judged = new ArrayList<>();
        for (String t : thresholds) {
            try {
                judged.add(Threshold.parse(t));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Console console = new Console(stdout);
        Merge.Merged merged;
        try {
            List<SegmentResult> runs = new ArrayList<>();
            for (Path p : inputs) {
                runs.add(SegmentResult.read(p));
            }
            merged = Merge.of(runs, judged);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            console.say("%s", e.getMessage());
            return 1;
        }
        return report(console, merged);
    }

    /** One line per segment, how far apart they started, and how they differed. */
    private static void sayInputs(Console console, Merge.Merged merged) {
        io.vertx.core.json.JsonObject run = merged.description();
        for (Object o : run.getJsonArray("segments")) {
            io.vertx.core.json.JsonObject s = (io.vertx.core.json.JsonObject) o;
            console.say("merge: segment %s from %s: started %s, sent %d, %.1f msgs/s, p99 %.2f ms",
                    s.getString("segment"), s.getString("source"), s.getString("startedAt"), s.getLong("sent"),
                    s.getDouble("ratePerSec"), s.getDouble("p99Ms"));
        }
        long spread = run.getLong("startSpreadMillis");
        int count = run.getJsonArray("segments").size();
        console.say("merge: %d segment%s of %s (seed %d, producer id %s), started within %d ms of each other%s",
                count, count == 1 ? "" : "s", merged.result().profile(), run.getLong("seed"),
                run.getString("producerId"), spread, spread > 1000 ? "; each segment's series is on its own "
                        + "timeline (seconds since its start): start them together with --start-at" : "");
        merged.notes().forEach(n -> console.say("merge: note: %s", n));
    }

    private int report(Console console, Merge.Merged merged) throws IOException {
        LoadRun.Result r = merged.result();
        sayInputs(console, merged);
        io.vertx.core.json.JsonObject doc = Report.json(r, merged.description());
        ConsoleSummary.print(console, r, doc.getJsonObject("bottleneck"), r.options().maxInflight(),
                "kafka".equals(merged.description().getString("transport")), false);
        Path dir = out != null ? out : LoadTestConfig.defaultOut("merged-");
        RunContext.writeFiles(console, dir, doc, r.latencyLog());
        return r.passed() ? 0 : LoadTestCommand.THRESHOLDS_FAILED;
    }
}
