package io.burstpipe.consumer;

import io.burstpipe.cli.BurstpipeCommand;
import io.burstpipe.cli.Cli;

/** Entry point of the consumer-service jar. */
public final class ConsumerMain {

    private ConsumerMain() {
    }

    public static void main(String[] args) {
        int status = Cli.commandLine(new BurstpipeCommand(), System.getenv()).execute(args);
        System.exit(status);
    }
}
