package io.burstpipe.producer;

import io.burstpipe.cli.BurstpipeCommand;
import io.burstpipe.cli.Cli;
import picocli.CommandLine;

/**
 * Entry point of the producer-service jar: {@code burstpipe producer | loadtest | run | scenario | bench}.
 * ({@code burstpipe consumer} lives in the consumer-service jar; the launcher picks the jar.)
 */
public final class ProducerMain {

    private ProducerMain() {
    }

    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cli = Cli.commandLine(new BurstpipeCommand(), env);
        CommandLine producer = Cli.commandLine(new ProducerCommand(), env);
        cli.addSubcommand("producer", producer);
        cli.addSubcommand("loadtest", Cli.commandLine(new io.burstpipe.loadtest.LoadTestCommand(), env));
        cli.getSubcommands().get("bench").addSubcommand("http", Cli.commandLine(new HttpBenchCommand(), env));
        cli.getSubcommands().get("bench").addSubcommand("kafka", Cli.commandLine(new KafkaBenchCommand(), env));
        cli.getSubcommands().get("bench").addSubcommand("loadtest",
                Cli.commandLine(new io.burstpipe.loadtest.LoadTestBenchCommand(), env));
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }
}
