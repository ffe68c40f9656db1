package io.burstpipe.scenarios.jvm;

/**
 * {@code count++} on a shared field: a read, an add and a write that other threads interleave with.
 * Volatile so every increment really goes to memory (and the JIT cannot fold the loop); still not
 * atomic, so updates are lost on parallel cores. Not thread-safe, on purpose.
 */
final class UnsafeCounter implements Counter {

    private volatile long count;

    @Override
    @SuppressWarnings("NonAtomicOperationOnVolatileField") // the point of this class
    public void increment() {
        count++;
    }

    @Override
    public long get() {
        return count;
    }
}
