package io.burstpipe.scenarios.locks;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.locks.ReentrantLock;

/** The tutorial's {@code RLock}: the holder may acquire again, and must release as often as it acquired. */
public final class ReentrantTwice implements Scenario {

    @Override
    public String name() {
        return "rlock";
    }

    @Override
    public String shows() {
        return "a reentrant lock acquired twice by one thread: no deadlock";
    }

    @Override
    public String observe() {
        return "\"acquired lock twice\"";
    }

    @Override
    public Outcome run(ScenarioLog log) {
        ReentrantLock lock = new ReentrantLock();
        log.info("Main    : before first acquire");
        lock.lock();
        try {
            log.info("Main    : before second acquire");
            lock.lock();
            try {
                log.info("Main    : acquired lock twice (hold count %d)", lock.getHoldCount());
            } finally {
                lock.unlock();
            }
        } finally {
            lock.unlock();
        }
        boolean expected = log.indexOf("acquired lock twice") >= 0 && !lock.isLocked();
        return Outcome.of(expected, "acquired lock twice and released it twice (expected: a reentrant lock "
                + "lets its holder in again)");
    }
}
