package io.burstpipe.launcher;

import io.burstpipe.bench.BenchCommand;
import io.burstpipe.cli.BurstpipeCommand;
import io.burstpipe.cli.Cli;
import io.burstpipe.tutorial.RunCommand;
import io.burstpipe.tutorial.ScenarioCommand;
import io.burstpipe.cli.VersionCommand;
import io.burstpipe.consumer.ConsumerCommand;
import io.burstpipe.bench.LoadTestBenchCommand;
import io.burstpipe.loadtest.LoadTestCommand;
import io.burstpipe.bench.GeneratorBenchCommand;
import io.burstpipe.bench.HttpBenchCommand;
import io.burstpipe.bench.KafkaBenchCommand;
import io.burstpipe.producer.ProducerCommand;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code java -jar burstpipe.jar COMMAND}, which {@code ./burstpipe} and the container image run: every command of
 * the product in one list, the same for {@code burstpipe}, {@code --help} and {@code help}.
 */
public final class Main {

    private Main() {
    }

    /** The whole command line, with environment variables as flag defaults. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine root = Cli.commandLine(new BurstpipeCommand(), env);
        root.addSubcommand("up", Cli.commandLine(new UpCommand(), env));
        root.addSubcommand("run", Cli.commandLine(new RunCommand(), env));
        root.addSubcommand("scenario", Cli.commandLine(new ScenarioCommand(), env));
        root.addSubcommand("consumer", Cli.commandLine(new ConsumerCommand(), env));
        root.addSubcommand("producer", Cli.commandLine(new ProducerCommand(), env));
        root.addSubcommand("loadtest", Cli.commandLine(new LoadTestCommand(), env));
        CommandLine bench = Cli.commandLine(new BenchCommand(), env);
        bench.addSubcommand("http", Cli.commandLine(new HttpBenchCommand(), env));
        bench.addSubcommand("kafka", Cli.commandLine(new KafkaBenchCommand(), env));
        bench.addSubcommand("loadtest", Cli.commandLine(new LoadTestBenchCommand(), env));
        bench.addSubcommand("generator", Cli.commandLine(new GeneratorBenchCommand(), env));
        root.addSubcommand("bench", bench);
        root.addSubcommand("version", Cli.commandLine(new VersionCommand(), env));
        root.addSubcommand("help", new CommandLine.HelpCommand());
        return root;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }
}
