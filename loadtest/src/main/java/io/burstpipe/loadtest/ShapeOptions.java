package io.burstpipe.loadtest;

import io.burstpipe.cli.DurationConverter;
import io.burstpipe.cli.ProfileOptions;
import java.nio.file.Path;
import java.time.Duration;
import io.burstpipe.cli.SeedOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The load's shape: the rate profile (or a profile file), its seed, how long, how many, and the warm-up left out of
 * the figures. A mixin of {@code burstpipe loadtest}.
 */
public final class ShapeOptions {

    @Option(names = "--profile-file", paramLabel = "FILE",
            description = "YAML or JSON file with the load shape (keys as the flags without dashes, stages and "
                    + "thresholds and faults as lists); flags on the command line override it.")
    Path profileFile;

    @Mixin
    ProfileOptions profileOptions;

    @Mixin
    SeedOption seedOption;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to send; 0 = until the profile ends (stages), --messages, or Ctrl-C. "
                    + "Default: 30s, or until the stages end with --profile stages.")
    Duration duration;

    @Option(names = "--messages", defaultValue = "0", paramLabel = "N",
            description = "Stop after N messages (0 = no limit). Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--warmup", defaultValue = "0", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Leave messages intended in this first span out of the results (they are still sent and "
                    + "counted in the loss check). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--segment", defaultValue = "1/1", paramLabel = "I/N",
            description = "Send segment I of N of the seeded schedule (every Nth message, from the Ith): N load "
                    + "tests with the same flags and --start-at (or --producer-id), segments 1/N..N/N, send exactly "
                    + "the messages of one unsegmented run between them; merge their results with 'loadtest merge'. "
                    + "Their producer id is lt- and the start in base 36 unless --producer-id is given. "
                    + "Default: ${DEFAULT-VALUE} (the whole schedule).")
    String segment;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Wait until this wall-clock time to start, so segments on several machines begin "
                    + "together: an ISO-8601 instant (2026-12-01T18:40:00Z) or a time of day on this machine's "
                    + "clock (18:40:00). Default: start at once.")
    String startAt;

    @Option(names = "--fault", paramLabel = "AT:ACTION",
            description = "Do this to the consumer at this time from the start (repeatable; the control actions "
                    + "need --control-token): store?latency=TIME&jitter=TIME&failure-rate=P (any of them), pause, "
                    + "resume, policy?value=POLICY, or poison=N (a batch of N invalid messages); with "
                    + "--start-consumer also kill (SIGKILL), term (SIGTERM), restart, and with --transport kafka join "
                    + "(one more consumer in the group) and leave (SIGTERM the last that joined). E.g. "
                    + "--fault 10s:store?latency=200ms --fault 20s:store?latency=5ms. Each is marked on the report's "
                    + "charts; thresholds can name them: p99[fault2+3s..end]<100ms.")
    java.util.List<String> faults = new java.util.ArrayList<>();
}
