package io.burstpipe.producer;

import io.burstpipe.cli.Signals;
import io.burstpipe.transport.Transport;
import io.burstpipe.cli.DrainOption;
import io.burstpipe.cli.DurationConverter;
import io.burstpipe.cli.RunLengthOptions;
import io.burstpipe.cli.SeedOption;
import io.burstpipe.cli.SenderOptions;
import io.burstpipe.cli.ProfileOptions;
import io.burstpipe.cli.KafkaOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code burstpipe producer}: the producer service. */
@Command(name = "producer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates bursty messages on a seeded rate profile and sends them in batches to the consumer "
                + "(POST /messages), with a bounded in-flight window and retries of the same ids.",
                "Every flag can also be set by an environment variable: --target is BURSTPIPE_TARGET.", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every generated message is stored (or was dropped by the consumer and counted)",
                "1:some were refused or still unsent at the drain deadline (e.g. the target could not be reached), "
                        + "or it could not start (its port taken, Kafka unreachable)", "2:bad arguments"})
public final class ProducerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--transport", defaultValue = "http", paramLabel = "KIND",
            description = "http (POST /messages to --target), kafka (records to --kafka-topic) or auto: "
                    + KafkaOptions.AUTO_TRANSPORT + " Default: ${DEFAULT-VALUE}.")
    String transport;

    @Mixin
    KafkaOptions kafkaOptions;

    @Option(names = "--target", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "Consumer base URL. Default: ${DEFAULT-VALUE}.")
    String target;

    @Mixin
    SenderOptions sender;

    @Mixin
    ProfileOptions profileOptions;

    @Mixin
    SeedOption seedOption;

    @Mixin
    RunLengthOptions runLength;

    @Mixin
    DrainOption drain;

    @Option(names = "--batch-size", defaultValue = "100", paramLabel = "N",
            description = "Messages per request, 1..100000. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--linger", defaultValue = "5ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Longest a partial batch waits for more messages, 0..10s. Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Option(names = "--window", defaultValue = "4", paramLabel = "N",
            description = "Batches in flight at once, 1..1024; when all are out, generation waits. "
                    + "Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--retry-base", defaultValue = "50ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "First retry delay; doubles per attempt, with jitter. Default: ${DEFAULT-VALUE}.")
    Duration retryBase;

    @Option(names = "--retry-max", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Cap on the retry delay. Default: ${DEFAULT-VALUE}.")
    Duration retryMax;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address of the producer's health/metrics server. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8081",
            description = "Port of the producer's health/metrics server, 0..65535. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--report-to", paramLabel = "URL|none",
            description = "Consumer base URL to tell this producer's own figures once a second (POST "
                    + "URL/producers/report): the load its schedule offered, the time it was held back, retries, "
                    + "requests in flight; the consumer's dashboard shows them. Default: the --target with "
                    + "--transport http, none with kafka.")
    String reportTo;

    @Override
    public Integer call() throws Exception {
        ProducerConfig config = config();
        ProducerApp app = new ProducerApp(config, System.out);
        if (reportTo != null) {
            app.reportingTo(reportTarget(reportTo));
        }
        try (Signals.Registration signals = app.handleSignals()) {
            return app.run();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("producer: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /**
     * The producer {@code burstpipe up} runs: the defaults (no environment), sending to {@code target}, its own
     * server on {@code port}.
     */
    public static ProducerConfig defaultsFor(String target, int port) {
        ProducerCommand command = new ProducerCommand();
        new picocli.CommandLine(command).parseArgs("--target", target, "--port", String.valueOf(port));
        return command.config();
    }

    private Optional<String> reportTarget(String url) {
        if ("none".equals(url)) {
            return Optional.empty();
        }
        if (!url.matches("https?://[^/\\s]+(/.*)?")) {
            throw new ParameterException(spec.commandLine(), "--report-to must be an http:// or https:// URL, or "
                    + "none (was '" + url + "')");
        }
        return Optional.of(url);
    }

    ProducerConfig config() {
        try {
            return new ProducerConfig(target, sender.producerId("p-"), profileOptions.toSpec(), seedOption.seed(),
                    batchSize, linger, window, retryBase, retryMax, sender.requestTimeout(), runLength.duration(),
                    runLength.messages(), drain.drainTimeout(), host, port,
                    kafkaOptions.chooseTransport(transport), kafkaOptions.toSettings());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
