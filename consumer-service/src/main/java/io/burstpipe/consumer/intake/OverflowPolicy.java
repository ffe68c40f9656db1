package io.burstpipe.consumer.intake;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What intake does with a batch when the queue is full. */
public enum OverflowPolicy {
    /** The request waits for room: nothing is lost, the sender is held back. */
    BLOCK,
    /** The batch is refused with 429 and Retry-After; the sender retries the same ids. */
    REJECT,
    /** Messages that find the queue full are dropped, counted and reported to the sender. */
    DROP_NEWEST,
    /** The oldest queued messages are dropped to make room, counted and reported to their senders. */
    DROP_OLDEST;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static OverflowPolicy parse(String text) {
        for (OverflowPolicy policy : values()) {
            if (policy.cliName().equals(text)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown overflow policy '" + text + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(OverflowPolicy::cliName).collect(Collectors.joining(", "));
    }
}
