package io.burstpipe.store;

import static io.burstpipe.config.FlagChecks.requireBetween;

import java.time.Duration;

/**
 * How slow the store is made ({@link SlowStore}): each batch write takes {@code latency} ± {@code jitter} in all (or
 * its real time if longer), and fails with probability {@code failureRate} (the writer retries it).
 *
 * @param latency     0..60 s
 * @param jitter      ± spread of the latency, 0..60 s
 * @param failureRate 0 &lt;= p &lt; 1
 */
public record SlowStoreSettings(Duration latency, Duration jitter, double failureRate) {

    /** The tutorial's "slow database": 5 ms ± 2 ms per batch, no failures. */
    public static final SlowStoreSettings DEFAULTS = new SlowStoreSettings(Duration.ofMillis(5), Duration.ofMillis(2), 0);
    /** A store with no added latency. */
    public static final SlowStoreSettings NONE = new SlowStoreSettings(Duration.ZERO, Duration.ZERO, 0);

    public SlowStoreSettings {
        requireBetween("--store-latency", latency, Duration.ZERO, Duration.ofSeconds(60));
        requireBetween("--store-jitter", jitter, Duration.ZERO, Duration.ofSeconds(60));
        if (!(failureRate >= 0.0 && failureRate < 1.0)) {
            throw new IllegalArgumentException(
                    "--store-failure-rate must be at least 0.0 and below 1.0 (was " + failureRate + ")");
        }
    }

    /** Wraps {@code store} with this slowness; {@code seed} draws the jitter and the failures. */
    public SlowStore wrap(MessageStore store, long seed) {
        return new SlowStore(store, latency, jitter, failureRate, seed);
    }

    public String describe() {
        return "store-latency=" + latency.toMillis() + "ms store-jitter=" + jitter.toMillis() + "ms store-failure-rate="
                + failureRate;
    }
}
