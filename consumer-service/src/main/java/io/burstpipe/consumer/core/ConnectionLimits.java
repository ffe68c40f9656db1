package io.burstpipe.consumer.core;

import static io.burstpipe.config.FlagChecks.requireBetween;
import static io.burstpipe.config.FlagChecks.requireRange;

import java.time.Duration;

/**
 * What slow, stuck or too many clients may hold of the consumer: the bytes of request bodies being received
 * at once (all requests together), connections, and how long a client may take to send its headers, to send a
 * body, or to stay idle. Beyond them the consumer refuses or closes, so its memory stays bounded by these
 * settings and a good client keeps being served.
 *
 * @param maxBodyTotalBytes bytes of request bodies being received at once, 1 MiB..4 GiB; beyond: 503 + Retry-After
 * @param maxConnections    open connections, 1..100000; beyond: closed at once
 * @param headerTimeout     from connecting (or the previous answer) to a request's complete headers, 1 s..10 min
 * @param bodyTimeout       from a request's headers to the end of its body, 1 s..10 min; beyond: 408
 * @param idleTimeout       a connection with no traffic either way is closed, 1 s..1 h
 */
public record ConnectionLimits(long maxBodyTotalBytes, int maxConnections, Duration headerTimeout,
                               Duration bodyTimeout, Duration idleTimeout) {

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(64L << 20, 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(60));

    public ConnectionLimits {
        requireRange("--max-body-total-bytes", maxBodyTotalBytes, 1L << 20, 4L << 30);
        requireRange("--max-connections", maxConnections, 1, 100_000);
        requireBetween("--header-timeout", headerTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        requireBetween("--body-timeout", bodyTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        requireBetween("--idle-timeout", idleTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
    }

    public String describe() {
        return "max-body-total-bytes=" + maxBodyTotalBytes + " max-connections=" + maxConnections + " header-timeout="
                + headerTimeout.toMillis() + "ms body-timeout=" + bodyTimeout.toMillis() + "ms idle-timeout="
                + idleTimeout.toMillis() + "ms";
    }
}
