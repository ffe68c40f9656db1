package io.burstpipe.producer;

import static io.burstpipe.config.FlagChecks.requireBetween;
import static io.burstpipe.config.FlagChecks.requireRange;

import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.profile.ProfileSettings;
import java.time.Duration;
import java.util.Objects;
import io.burstpipe.message.Message;
import io.burstpipe.transport.TransportKind;

/**
 * Settings of the producer service, validated on construction; errors name the flag and its range.
 *
 * @param target         consumer base URL, e.g. http://127.0.0.1:8080
 * @param producerId     name in every message id ({@code <producerId>-<seq>}); unique per producer run
 * @param profile        rate profile
 * @param seed           seeds arrivals and values
 * @param batchSize      messages per request, 1..100 000
 * @param linger         longest a partial batch waits for more messages, 0..10 s
 * @param window         batches in flight at once, 1..1024; when all are out, generation waits
 * @param retryBase      first retry delay, 1 ms..60 s; doubles per attempt, with jitter
 * @param retryMax       cap on the retry delay, ≥ retryBase, ≤ 5 min
 * @param requestTimeout per request, 100 ms..10 min
 * @param duration       how long to generate; ZERO = until stopped
 * @param messages       messages to generate; 0 = no limit
 * @param drainTimeout   bound on finishing in-flight batches at stop, 1 s..1 h
 * @param host           address of the producer's own health/metrics server
 * @param port           its port, 0..65535
 * @param transport      HTTP or KAFKA
 * @param kafka          Kafka settings (used with transport kafka)
 */
public record ProducerConfig(String target, String producerId, ProfileSettings profile, long seed, int batchSize,
                             Duration linger, int window, Duration retryBase, Duration retryMax,
                             Duration requestTimeout, Duration duration, long messages, Duration drainTimeout,
                             String host, int port, TransportKind transport, KafkaSettings kafka) {


    public ProducerConfig {
        Objects.requireNonNull(profile, "profile");
        if (target == null || !target.matches("https?://[^/\\s]+(/.*)?")) {
            throw new IllegalArgumentException("--target must be an http:// or https:// URL (was '" + target + "')");
        }
        target = target.replaceAll("/+$", "");
        Message.requireProducerId("--producer-id", producerId, 0);
        requireRange("--batch-size", batchSize, 1, 100_000);
        requireRange("--window", window, 1, 1024);
        requireRange("--port", port, 0, 65_535);
        if (messages < 0) {
            throw new IllegalArgumentException("--messages must be >= 0 (0 = no limit) (was " + messages + ")");
        }
        requireBetween("--linger", linger, Duration.ZERO, Duration.ofSeconds(10));
        requireBetween("--retry-base", retryBase, Duration.ofMillis(1), Duration.ofSeconds(60));
        requireBetween("--retry-max", retryMax, retryBase, Duration.ofMinutes(5));
        requireBetween("--request-timeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
        requireBetween("--duration", duration, Duration.ZERO, Duration.ofDays(365));
        requireBetween("--drain-timeout", drainTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        if (transport != TransportKind.HTTP && transport != TransportKind.KAFKA) {
            throw new IllegalArgumentException("--transport must be http or kafka (was '" + transport + "')");
        }
        if (transport == TransportKind.KAFKA) {
            Objects.requireNonNull(kafka, "kafka settings");
        }
    }

    /** Where the messages go, for logs. */
    public String destination() {
        return transport == TransportKind.KAFKA ? "kafka " + kafka.bootstrap() + " topic " + kafka.topic() : target;
    }

    public String describe() {
        return "transport=" + transport.cliName() + " destination=" + destination() + " producer-id=" + producerId + " profile=" + profile.describe() + " seed=" + seed
                + " batch-size=" + batchSize + " linger=" + linger.toMillis() + "ms window=" + window
                + " retry=" + retryBase.toMillis() + ".." + retryMax.toMillis() + "ms request-timeout="
                + requestTimeout.toMillis() + "ms duration=" + (duration.isZero() ? "until stopped" : duration.toMillis()
                + "ms") + " messages=" + (messages == 0 ? "no limit" : messages) + " drain-timeout="
                + drainTimeout.toSeconds() + "s http=" + host + ":" + port;
    }
}
