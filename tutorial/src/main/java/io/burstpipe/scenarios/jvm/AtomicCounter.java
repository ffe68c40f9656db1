package io.burstpipe.scenarios.jvm;

import java.util.concurrent.atomic.AtomicLong;

/** The fix: one atomic read-modify-write per increment. Thread-safe. */
final class AtomicCounter implements Counter {

    private final AtomicLong count = new AtomicLong();

    @Override
    public void increment() {
        count.incrementAndGet();
    }

    @Override
    public long get() {
        return count.get();
    }
}
