package io.burstpipe.scenarios.race;

import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.locks.ReentrantLock;

/** The same update under a lock (the tutorial's {@code locked_update}): no update is lost. Thread-safe. */
public final class LockedFakeDatabase implements FakeDatabase {

    private final ScenarioLog log;
    private final ReentrantLock lock = new ReentrantLock();
    private int value;

    public LockedFakeDatabase(ScenarioLog log) {
        this.log = log;
    }

    @Override
    public void update(int name) throws InterruptedException {
        log.info("Thread %d: starting update", name);
        log.debug("Thread %d about to lock", name);
        lock.lock();
        try {
            log.debug("Thread %d has lock", name);
            int localCopy = value;
            localCopy += 1;
            Thread.sleep(WORK_MILLIS);
            value = localCopy;
            log.debug("Thread %d about to release lock", name);
        } finally {
            lock.unlock();
        }
        log.debug("Thread %d after release", name);
        log.info("Thread %d: finishing update", name);
    }

    @Override
    public int value() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }
}
