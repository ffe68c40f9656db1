package io.burstpipe.scenarios.locks;

import java.util.concurrent.Semaphore;

/**
 * Python's {@code threading.Lock}: not reentrant (its holder blocks on a second acquire) and
 * releasable by any thread, unlike {@link java.util.concurrent.locks.ReentrantLock}. A one-permit
 * {@link Semaphore} has exactly those semantics. Thread-safe.
 */
public final class NonReentrantLock {

    private final Semaphore permit = new Semaphore(1);

    public void acquire() throws InterruptedException {
        permit.acquire();
    }

    public void release() {
        permit.release();
    }
}
