package io.burstpipe.consumer;

import io.burstpipe.cli.Signals;
import io.burstpipe.consumer.core.ConsumerConfig;
import io.burstpipe.cli.Version;
import io.burstpipe.store.StoreException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code burstpipe consumer}: the consumer service. */
@Command(name = "consumer", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = Version.class,
        description = {"Takes batches on POST /messages into a bounded queue and writes them to a deliberately slow "
                + "store; pushes back when it cannot keep up. Dashboard at /, metrics at /metrics, JSON at /stats.",
                "Every flag can also be set by an environment variable: --queue-capacity is BURSTPIPE_QUEUE_CAPACITY.",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped cleanly, everything accepted is stored", "1:could not start (port taken, store "
                + "in use, no database or broker), or had to abandon messages at the drain deadline",
                "2:bad arguments"})
public final class ConsumerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConsumerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        ConsumerApp app = new ConsumerApp(config());
        try (Signals.Registration signals = app.handleSignals()) {
            try {
                app.start();
            } catch (StoreException e) {
                spec.commandLine().getErr().println("consumer: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            return app.awaitTermination();
        }
    }

    ConsumerConfig config() {
        try {
            return options.toConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
