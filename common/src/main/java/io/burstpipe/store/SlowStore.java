package io.burstpipe.store;

import io.burstpipe.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes any store slow and unreliable on purpose: each batch write takes {@code latency} plus a
 * uniform random {@code ±jitter} (never below 0), or the real write's own time if that is longer; and
 * fails with probability {@code failureRate}, after the same wait, without writing anything. "Slow" is
 * a knob, not a fake: the writes are real, and the knob sets how long each one takes in all.
 *
 * <p>Thread-safe; each calling thread waits on its own, as concurrent requests to a database would.
 */
public final class SlowStore implements MessageStore {

    private final MessageStore delegate;
    private final long latencyNanos;
    private final long jitterNanos;
    private final double failureRate;
    private final SplittableRandom seedSource;

    /**
     * @param latency     added to every batch, 0..60 s
     * @param jitter      uniform ± spread around the latency, 0..60 s
     * @param failureRate probability that a batch fails, 0.0..1.0 (1.0 is allowed: a store that is down)
     * @param seed        seeds the jitter and failures
     */
    public SlowStore(MessageStore delegate, Duration latency, Duration jitter, double failureRate, long seed) {
        requireRange("store latency", latency);
        requireRange("store jitter", jitter);
        if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
            throw new IllegalArgumentException(
                    "store failure rate must be between 0.0 and 1.0 (was " + failureRate + ")");
        }
        this.delegate = delegate;
        this.latencyNanos = latency.toNanos();
        this.jitterNanos = jitter.toNanos();
        this.failureRate = failureRate;
        this.seedSource = new SplittableRandom(seed);
    }

    private static void requireRange(String name, Duration d) {
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 ms and 60 s (was " + d.toMillis() + " ms)");
        }
    }

    @Override
    public int storeBatch(List<Message> batch, boolean[] fresh) throws StoreException {
        double draw;
        long jitter;
        synchronized (seedSource) { // SplittableRandom is not thread-safe
            draw = seedSource.nextDouble();
            jitter = jitterNanos == 0 ? 0 : seedSource.nextLong(-jitterNanos, jitterNanos + 1);
        }
        long start = System.nanoTime();
        long targetNanos = Math.max(0, latencyNanos + jitter);
        if (draw < failureRate) {
            waitNanos(targetNanos);
            throw new StoreException(String.format(Locale.ROOT,
                    "injected store failure (failure rate %.3f); batch of %d not written", failureRate, batch.size()));
        }
        int added = delegate.storeBatch(batch, fresh);
        waitNanos(targetNanos - (System.nanoTime() - start));
        return added;
    }

    private static void waitNanos(long nanos) throws StoreException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new StoreException("interrupted while waiting on the slow store");
            }
        }
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public long countByProducer(String producer) {
        return delegate.countByProducer(producer);
    }

    @Override
    public boolean contains(String id) {
        return delegate.contains(id);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s, slowed by %.1f ms ± %.1f ms, failure rate %.3f",
                delegate.describe(), latencyNanos / 1e6, jitterNanos / 1e6, failureRate);
    }

    @Override
    public void close() throws StoreException {
        delegate.close();
    }
}
