package io.burstpipe.consumer;

import io.burstpipe.cli.Cli;

/** Entry point of the consumer-service jar: {@code java -jar burstpipe-consumer.jar [flags]}. */
public final class ConsumerMain {

    private ConsumerMain() {
    }

    public static void main(String[] args) {
        int status = Cli.commandLine(new ConsumerCommand(), System.getenv()).execute(args);
        System.exit(status);
    }
}
