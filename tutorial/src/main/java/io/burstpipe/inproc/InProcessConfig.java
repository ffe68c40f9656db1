package io.burstpipe.inproc;

import static io.burstpipe.config.FlagChecks.requireBetween;
import static io.burstpipe.config.FlagChecks.requireNotNegative;
import static io.burstpipe.config.FlagChecks.requireRange;

import io.burstpipe.profile.ProfileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one in-process run, validated on construction. Errors name the flag and its range.
 *
 * @param duration         how long to produce; {@link Duration#ZERO} means until stopped (Ctrl-C / SIGTERM)
 * @param messages         messages per producer, after which it stops; 0 means no limit
 * @param producers        producer threads, 1..64
 * @param writers          store writer threads, 1..64
 * @param queueCapacity    bounded queue size, 1..1 000 000
 * @param batchSize        messages per store write, 1..10 000
 * @param profile          rate profile of each producer
 * @param seed             seeds arrivals, values and the slow store; same seed, same run
 * @param storeDir         embedded store directory, or {@code null} for an in-memory store
 * @param storeLatency     added to each batch write, 0..60 s
 * @param storeJitter      ± spread of the latency, 0..60 s
 * @param storeFailureRate probability a batch write fails (and is retried), 0.0..1.0
 * @param drainTimeout     bound on the drain after stop, 1 s..1 h
 * @param statusInterval   time between status lines, 100 ms..1 h
 */
public record InProcessConfig(Duration duration, long messages, int producers, int writers, int queueCapacity, int batchSize,
                              ProfileSettings profile, long seed, Path storeDir, Duration storeLatency,
                              Duration storeJitter, double storeFailureRate, Duration drainTimeout,
                              Duration statusInterval) {

    public InProcessConfig {
        Objects.requireNonNull(profile, "profile");
        requireNotNegative("--duration", duration);
        if (messages < 0) {
            throw new IllegalArgumentException("--messages must be >= 0 (0 = no limit) (was " + messages + ")");
        }
        requireRange("--producers", producers, 1, 64);
        requireRange("--writers", writers, 1, 64);
        requireRange("--queue-capacity", queueCapacity, 1, 1_000_000);
        requireRange("--batch-size", batchSize, 1, 10_000);
        requireBetween("--store-latency", storeLatency, Duration.ZERO, Duration.ofSeconds(60));
        requireBetween("--store-jitter", storeJitter, Duration.ZERO, Duration.ofSeconds(60));
        if (!(storeFailureRate >= 0.0 && storeFailureRate < 1.0)) {
            throw new IllegalArgumentException(
                    "--store-failure-rate must be at least 0.0 and below 1.0 (was " + storeFailureRate + ")");
        }
        requireBetween("--drain-timeout", drainTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        requireBetween("--status-interval", statusInterval, Duration.ofMillis(100), Duration.ofHours(1));
    }
}
