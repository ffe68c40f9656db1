package io.burstpipe.transport;

import java.util.Locale;

/** How messages travel: HTTP batches, Kafka records, or nowhere (a no-op target that answers at once). */
public enum TransportKind {
    HTTP, KAFKA, NOOP;

    /** The flag's spelling: {@code http}, {@code kafka}, {@code noop}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
