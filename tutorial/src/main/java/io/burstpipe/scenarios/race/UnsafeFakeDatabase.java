package io.burstpipe.scenarios.race;

import io.burstpipe.scenarios.ScenarioLog;

/**
 * Copy, add one, sleep, write back, with no lock: two concurrent updates both read 0 and both write 1.
 * The sleep forces the lost update every run. Thread-safe only in the sense that it cannot crash.
 */
public final class UnsafeFakeDatabase implements FakeDatabase {

    private final ScenarioLog log;
    private volatile int value;

    public UnsafeFakeDatabase(ScenarioLog log) {
        this.log = log;
    }

    @Override
    public void update(int name) throws InterruptedException {
        log.info("Thread %d: starting update", name);
        int localCopy = value;
        localCopy += 1;
        Thread.sleep(WORK_MILLIS);
        value = localCopy;
        log.info("Thread %d: finishing update", name);
    }

    @Override
    public int value() {
        return value;
    }
}
