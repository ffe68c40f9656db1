package io.burstpipe.loadtest;

import io.burstpipe.cli.KafkaOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the load goes: an HTTP endpoint (a burstpipe consumer or any that takes our batches) or a Kafka topic, and
 * the consumer to look inside. A mixin of {@code burstpipe loadtest}.
 */
public final class TargetOptions {

    @Option(names = "--transport", defaultValue = "http", paramLabel = "KIND",
            description = "http (POST batches to --target), kafka (records to --kafka-topic), or noop (answers at "
                    + "once: measures the generator). Default: ${DEFAULT-VALUE}.")
    String transport;

    static final String DEFAULT_TARGET = "http://127.0.0.1:8080";

    @Option(names = "--target", paramLabel = "URL",
            description = "Base URL of the HTTP target. Default: " + DEFAULT_TARGET + ", or the consumer "
                    + "--start-consumer starts.")
    String target;

    @Option(names = "--start-consumer", paramLabel = "FLAGS",
            description = "Start a burstpipe consumer for this run, with these consumer flags in one quoted string "
                    + "(e.g. \"--store-latency 5ms --queue-capacity 100\"; \"\" for its defaults): it is the target "
                    + "and the consumer looked inside, on a free port of 127.0.0.1, with its own control token, its "
                    + "store and log in --out's consumer/ folder; the kill, term and restart faults act on it; "
                    + "stopped (SIGTERM) at the end.")
    String startConsumer;

    @Option(names = "--path", defaultValue = "/messages", paramLabel = "PATH",
            description = "Path the batches are POSTed to (JSON arrays of messages). Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = "--consumer", paramLabel = "URL|none",
            description = "A burstpipe consumer's base URL, read for queue depth, stored count and store figures "
                    + "(/stats) and paused for the backlog test (/control). Default: --target with http, none "
                    + "otherwise.")
    String consumer;

    @Option(names = "--control-token", paramLabel = "TOKEN",
            description = "Bearer token of the consumer's control endpoints (its --control-token); needed by the "
                    + "backlog test.")
    String controlToken;

    @Mixin
    KafkaOptions kafkaOptions;
}
