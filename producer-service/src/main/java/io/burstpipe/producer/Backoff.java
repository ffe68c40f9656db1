package io.burstpipe.producer;

import java.util.random.RandomGenerator;

/**
 * How long a batch waits before it is sent again: capped exponential backoff with "equal jitter" (attempt n waits
 * between half and all of {@code min(cap, base * 2^n)}), and never less than what the other end asked for
 * (Retry-After), itself capped. Pure: the randomness comes in, so tests can fix it.
 *
 * @param baseMs the first retry's wait, before jitter
 * @param capMs  the longest wait
 */
record Backoff(long baseMs, long capMs) {

    Backoff {
        if (baseMs < 1 || capMs < baseMs) {
            throw new IllegalArgumentException("need 1 <= base <= cap (were " + baseMs + " and " + capMs + " ms)");
        }
    }

    /**
     * @param attempt      retries before this one (0 for the first retry)
     * @param retryAfterMs what the other end asked for, 0 if nothing
     */
    long delayMs(int attempt, long retryAfterMs, RandomGenerator random) {
        long backoff = Math.min(capMs, baseMs << Math.min(attempt, 20));
        long jittered = backoff / 2 + random.nextLong(backoff / 2 + 1);
        return Math.max(Math.min(retryAfterMs, capMs), jittered);
    }
}
