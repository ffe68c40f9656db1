package io.burstpipe.flow;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A port of Python's {@code threading.Event}: a flag that threads can set, clear, test and wait for.
 *
 * <p>Thread-safe; any number of threads may call any method. {@link #set()} wakes every waiter.
 * Used as the one "stop" signal of a process: idle loops wait with {@link #await(Duration)} instead
 * of sleeping, so they notice the signal at once.
 */
public final class Event {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean flag;

    /** Sets the flag and wakes all threads waiting for it. */
    public void set() {
        lock.lock();
        try {
            flag = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Resets the flag; later {@code await} calls block until {@link #set()} is called again. */
    public void clear() {
        lock.lock();
        try {
            flag = false;
        } finally {
            lock.unlock();
        }
    }

    /** Python's {@code is_set()}. */
    public boolean isSet() {
        return flag;
    }

    /** Blocks until the flag is set. Python's {@code wait()} with no timeout. */
    public void await() throws InterruptedException {
        lock.lock();
        try {
            while (!flag) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until the flag is set or the timeout elapses. Python's {@code wait(timeout)}.
     *
     * @return the flag on return: {@code true} if set, {@code false} if the wait timed out
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** As {@link #await(Duration)}, with the timeout in the given unit. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (flag) {
            return true;
        }
        long remainingNanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!flag && remainingNanos > 0) {
                remainingNanos = changed.awaitNanos(remainingNanos);
            }
            return flag;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Event[" + (flag ? "set" : "clear") + "]";
    }
}
