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

    @Option(names = "--target", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "Base URL of the HTTP target. Default: ${DEFAULT-VALUE}.")
    String target;

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
