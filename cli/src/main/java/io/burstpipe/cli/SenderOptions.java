package io.burstpipe.cli;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** What every sender puts on the wire besides the messages: its name in their ids, and the per-request timeout. */
public final class SenderOptions {

    @Option(names = "--producer-id", paramLabel = "NAME",
            description = "Name in every message id (<producer-id>-<seq>); default: a fresh run id (p-... for the "
                    + "producer, lt-... for loadtest), so ids never collide with earlier runs.")
    String producerId;

    @Option(names = "--request-timeout", defaultValue = "30s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Per request, 100ms..10m. Default: ${DEFAULT-VALUE}.")
    Duration requestTimeout;

    /** The given --producer-id, or {@code prefix} and a fresh run id. */
    public String producerId(String prefix) {
        return producerId != null ? producerId : prefix + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
    }

    /** The --producer-id given, or {@code null}. */
    public String givenProducerId() {
        return producerId;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }
}
