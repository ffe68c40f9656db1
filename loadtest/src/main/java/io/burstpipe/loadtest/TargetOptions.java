package io.burstpipe.loadtest;

import io.burstpipe.cli.KafkaOptions;
import io.burstpipe.transport.TransportKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
                    + "(with --transport kafka: it reads the topic in the group, the --kafka-* settings passed on) "
                    + "and the consumer looked inside, on a free port of 127.0.0.1, with its own control token, its "
                    + "store and log in --out's consumer/ folder; the kill, term and restart faults act on it, join "
                    + "and leave (Kafka) add members to its group and stop them; stopped (SIGTERM) at the end.")
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

    /** A consumer the load test starts: its flags checked, a control token of its own, the URL known once it runs. */
    LoadTestConfig.Target started(TransportKind kind) {
        List<String> clash = new ArrayList<>();
        if (kind == TransportKind.NOOP) {
            clash.add("--transport " + transport);
        }
        if (target != null) {
            clash.add("--target");
        }
        if (consumer != null) {
            clash.add("--consumer");
        }
        if (controlToken != null) {
            clash.add("--control-token");
        }
        if (!clash.isEmpty()) {
            throw new IllegalArgumentException("--start-consumer starts the target's consumer itself (HTTP, or reading "
                    + "the Kafka topic in the group), with a control token of its own: it does not combine with "
                    + String.join(", ", clash));
        }
        List<String> flags = startConsumer.isBlank() ? List.of() : List.of(startConsumer.trim().split("\\s+"));
        for (String flag : flags) {
            String name = flag.split("=", 2)[0];
            List<String> sets = LoadTestConfig.Target.startedSets(kind);
            if (sets.contains(name)) {
                throw new IllegalArgumentException("--start-consumer: drop " + name + "; the load test sets "
                        + String.join(", ", sets) + " on the consumer it starts" + (kind == TransportKind.KAFKA
                        ? " (give the Kafka settings to the load test: they are passed on)" : ""));
            }
        }
        if (!flags.isEmpty() && !flags.get(0).startsWith("--")) {
            throw new IllegalArgumentException("--start-consumer takes consumer flags, e.g. \"--store-latency 5ms\" "
                    + "(was '" + startConsumer + "')");
        }
        String token = java.util.UUID.randomUUID().toString();
        String pending = "(started by the load test)";
        return new LoadTestConfig.Target(kind, pending, path, Optional.of(pending), token, kafkaOptions.toSettings(),
                Optional.of(flags));
    }
}
