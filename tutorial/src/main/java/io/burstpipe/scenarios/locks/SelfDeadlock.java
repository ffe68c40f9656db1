package io.burstpipe.scenarios.locks;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thread acquires a non-reentrant lock it already holds and waits for itself forever. Main notices
 * within a bounded wait, reports the stuck thread, and interrupts it so the command returns.
 */
public final class SelfDeadlock implements Scenario {

    static final long STUCK_AFTER_MILLIS = 500;

    @Override
    public String name() {
        return "deadlock";
    }

    @Override
    public String shows() {
        return "a non-reentrant lock acquired twice by one thread: it waits for itself forever";
    }

    @Override
    public String observe() {
        return "\"before second acquire\" and no \"acquired lock twice\"; the stuck wait is detected and ended";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        NonReentrantLock lock = new NonReentrantLock();
        CountDownLatch acquiredTwice = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                log.info("Thread 0: before first acquire");
                lock.acquire();
                log.info("Thread 0: before second acquire");
                lock.acquire();
                log.info("Thread 0: acquired lock twice");
                acquiredTwice.countDown();
            } catch (InterruptedException e) {
                log.info("Thread 0: interrupted; gave up the second acquire");
            }
        }, "deadlock-0");
        worker.setDaemon(true);
        worker.start();
        boolean passed = acquiredTwice.await(STUCK_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        Thread.State state = worker.getState();
        if (!passed) {
            log.info("Main    : thread 0 still %s on its own lock after %d ms: deadlocked; interrupting it",
                    state, STUCK_AFTER_MILLIS);
            worker.interrupt();
            worker.join(TimeUnit.SECONDS.toMillis(5));
        }
        boolean expected = !passed && state == Thread.State.WAITING && !worker.isAlive();
        return Outcome.of(expected, "the second acquire %s (thread state %s after %d ms); main ended the wait "
                + "(expected: stuck, because the lock is not reentrant)",
                passed ? "succeeded" : "never returned", state, STUCK_AFTER_MILLIS);
    }
}
