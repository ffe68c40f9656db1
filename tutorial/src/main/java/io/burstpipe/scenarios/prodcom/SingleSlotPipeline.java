package io.burstpipe.scenarios.prodcom;

import io.burstpipe.scenarios.ScenarioLog;
import io.burstpipe.scenarios.locks.NonReentrantLock;

/**
 * The tutorial's first {@code Pipeline}: one message slot guarded by two locks. The producer takes the
 * producer lock and releases the consumer lock; the consumer does the reverse. Each lock is released
 * by the <em>other</em> thread, which Python's {@code Lock} allows and Java's {@code ReentrantLock}
 * forbids, hence {@link NonReentrantLock}.
 *
 * <p>Correct for one producer and one consumer thread.
 */
final class SingleSlotPipeline {

    private final ScenarioLog log;
    private final NonReentrantLock producerLock = new NonReentrantLock();
    private final NonReentrantLock consumerLock = new NonReentrantLock();
    private Object message; // guarded by the lock hand-off, which gives happens-before via the Semaphores

    SingleSlotPipeline(ScenarioLog log) throws InterruptedException {
        this.log = log;
        consumerLock.acquire(); // nothing to consume yet
    }

    Object getMessage(String name) throws InterruptedException {
        log.debug("%s:about to acquire getlock", name);
        consumerLock.acquire();
        log.debug("%s:have getlock", name);
        Object taken = message;
        log.debug("%s:about to release setlock", name);
        producerLock.release();
        log.debug("%s:setlock released", name);
        return taken;
    }

    void setMessage(Object value, String name) throws InterruptedException {
        log.debug("%s:about to acquire setlock", name);
        producerLock.acquire();
        log.debug("%s:have setlock", name);
        message = value;
        log.debug("%s:about to release getlock", name);
        consumerLock.release();
        log.debug("%s:getlock released", name);
    }
}
