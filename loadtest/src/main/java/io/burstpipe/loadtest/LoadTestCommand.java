package io.burstpipe.loadtest;

import io.burstpipe.cli.Signals;
import io.burstpipe.flow.Event;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code burstpipe loadtest}: open-model load against a consumer, with honest latency, thresholds and reports. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {LoadTestMergeCommand.class, LoadTestCompareCommand.class},
        description = {"Load-tests a consumer: messages go out at the intended times of a seeded rate profile whether "
                + "or not earlier ones were answered (open model), latency is measured from the intended send time "
                + "(no coordinated omission), and the run ends with a summary, a loss check, result.json and a "
                + "self-contained report.html.",
                "Targets: a burstpipe consumer over HTTP (default), any HTTP endpoint that takes our JSON batches "
                        + "(--path), or a Kafka topic (--transport kafka; the group's lag is watched).",
                "Every flag can also be set by an environment variable: --target is BURSTPIPE_TARGET.", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the run passed its thresholds (--find-max: a sustainable rate was found; --sweep: a "
                + "setting meets the goal)",
                "1:the target could not be reached, the backlog did not drain, or no find-max step passed",
                "2:bad arguments or profile file", "99:a threshold failed (or aborted the run; --sweep: no setting meets "
                        + "the goal)"})
public final class LoadTestCommand implements Callable<Integer> {

    public static final int THRESHOLDS_FAILED = 99;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    ShapeOptions shape;

    @Mixin
    SendOptions send;

    @Mixin
    JudgeOptions judge;

    @Mixin
    BacklogOptions backlog;

    @Mixin
    FindMaxOptions findMax;

    @Mixin
    SweepOptions sweep;

    private PrintStream stdout = System.out;

    /** Where the output goes (tests capture it). */
    public LoadTestCommand output(PrintStream out) {
        this.stdout = out;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Set<String> fromFile = shape.profileFile == null ? Set.of() : applyProfileFile();
        LoadTestConfig settings;
        try {
            settings = LoadTestConfig.check(target, shape, send, judge, backlog, findMax, sweep);
        } catch (IllegalArgumentException e) {
            // a bad value the file gave: say where it came from
            boolean fileSaidIt = fromFile.stream().anyMatch(flag -> e.getMessage().startsWith(flag + " "));
            throw new ParameterException(spec.commandLine(), (fileSaidIt ? "profile file " + shape.profileFile
                    + ": " : "") + e.getMessage());
        }
        Console console = new Console(stdout);
        Event stop = new Event();
        ConsumerProcess own;
        try {
            own = settings.target().startConsumer().isPresent() ? startConsumer(settings, console) : null;
        } catch (IllegalStateException | IOException e) {
            console.say("the consumer did not start: %s", e.getMessage());
            return 1;
        }
        LoadTestConfig run = own == null ? settings : settings.startedAt(own.url());
        Vertx vertx = Vertx.vertx();
        try (ConsumerProcess started = own;
             Signals.Registration signals = Signals.onStop(name -> stop.set());
             LoadTarget target = LoadTarget.open(vertx, run, own, line -> console.say("%s", line))) {
            RunContext ctx = new RunContext(run, target, stop, console);
            return settings.findMax().isPresent() ? FindMaxMode.run(ctx)
                    : settings.backlog().isPresent() ? BacklogMode.run(ctx)
                    : settings.sweep().isPresent() ? SweepMode.run(ctx) : PlainMode.run(ctx);
        } catch (IOException e) {
            console.say("%s", e.getMessage());
            return 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the consumer {@code --start-consumer} asks for, its store and log in the run's consumer/ folder. */
    private static ConsumerProcess startConsumer(LoadTestConfig s, Console console) throws Exception {
        List<String> flags = s.target().startConsumer().orElseThrow();
        Path dir = s.judge().out().resolve("consumer");
        console.say("starting a consumer: burstpipe consumer %s(store and log in %s)", flags.isEmpty() ? ""
                : String.join(" ", flags) + " ", dir);
        List<String> all = s.target().startedFlags();
        ConsumerProcess consumer = ConsumerProcess.start(all, dir.resolve("store"), dir.resolve("consumer.log"));
        console.say("consumer started: pid %d at %s", consumer.pid(), consumer.url());
        return consumer;
    }

    /**
     * The file's settings for every option the command line did not give (flags win; the file wins over the
     * environment and the defaults). The file is parsed as flags of a command of its own, so its values go through
     * the same converters and errors name the file.
     *
     * @return the flags whose values came from the file
     */
    private Set<String> applyProfileFile() {
        List<String> args;
        try {
            args = ProfileFile.toArgs(shape.profileFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CommandLine file = new CommandLine(new LoadTestCommand());
        try {
            file.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), "profile file " + shape.profileFile + ": " + e.getMessage());
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        Set<String> applied = new java.util.HashSet<>();
        for (CommandLine.Model.OptionSpec option : file.getCommandSpec().options()) {
            CommandLine.Model.OptionSpec mine = spec.findOption(option.longestName());
            if (file.getParseResult().hasMatchedOption(option) && !given.hasMatchedOption(mine)) {
                mine.setValue(option.getValue());
                applied.add(option.longestName());
            }
        }
        return applied;
    }
}
