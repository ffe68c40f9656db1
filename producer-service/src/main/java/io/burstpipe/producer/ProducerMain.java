package io.burstpipe.producer;

import io.burstpipe.cli.BurstpipeCommand;
import io.burstpipe.cli.Cli;

/** Entry point of the producer-service jar. */
public final class ProducerMain {

    private ProducerMain() {
    }

    public static void main(String[] args) {
        int status = Cli.commandLine(new BurstpipeCommand(), System.getenv()).execute(args);
        System.exit(status);
    }
}
