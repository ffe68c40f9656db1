package io.burstpipe.scenarios.jvm;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two threads take two locks in opposite orders and deadlock ({@code LeftRightDeadlock}); the JVM's
 * deadlock detector finds them; interrupting one recovers. Then both take the locks in one global
 * order ({@code InduceLockOrder}) and finish.
 */
public final class LockOrderDeadlock implements Scenario {

    private static final long DETECT_WITHIN_MILLIS = 5_000;

    @Override
    public String name() {
        return "lock-order-deadlock";
    }

    @Override
    public String shows() {
        return "two threads, two locks, opposite orders: deadlock found by the JVM's detector, then fixed";
    }

    @Override
    public String observe() {
        return "the detector names both threads and the locks they wait for; the ordered version finishes";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        ReentrantLock left = new ReentrantLock();
        ReentrantLock right = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread a = locker(log, "left-right", left, right, bothHoldOne);
        Thread b = locker(log, "right-left", right, left, bothHoldOne);
        long start = System.nanoTime();
        a.start();
        b.start();
        List<String> found = detect(log);
        long detectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        a.interrupt(); // recovery: one thread gives up, releasing its first lock
        a.join(DETECT_WITHIN_MILLIS);
        b.join(DETECT_WITHIN_MILLIS);
        boolean recovered = !a.isAlive() && !b.isAlive();
        log.info("Main    : after interrupting left-right: %s", recovered ? "both threads ended" : "still stuck");
        boolean orderedFinished = runInOneOrder(log, left, right);
        boolean expected = found.size() == 2 && recovered && orderedFinished;
        return Outcome.of(expected, "the JVM's deadlock detector found %d deadlocked threads (%s) after %d ms; "
                + "interrupting one %s; with one lock order both threads %s (expected: found, recovered, finished)",
                found.size(), String.join(", ", found), detectMillis, recovered ? "recovered" : "did NOT recover",
                orderedFinished ? "finished" : "did NOT finish");
    }

    private static Thread locker(ScenarioLog log, String name, ReentrantLock first, ReentrantLock second,
                                 CountDownLatch bothHoldOne) {
        Thread thread = new Thread(() -> {
            try {
                first.lockInterruptibly();
                try {
                    log.info("Thread %s: has its first lock", name);
                    bothHoldOne.countDown();
                    bothHoldOne.await();
                    log.info("Thread %s: waiting for its second lock", name);
                    second.lockInterruptibly();
                    second.unlock();
                } finally {
                    first.unlock();
                }
            } catch (InterruptedException e) {
                log.info("Thread %s: interrupted; released its lock", name);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    private static List<String> detect(ScenarioLog log) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DETECT_WITHIN_MILLIS);
        while (System.nanoTime() < deadline) {
            long[] ids = threads.findDeadlockedThreads();
            if (ids != null) {
                List<String> names = new ArrayList<>();
                for (ThreadInfo info : threads.getThreadInfo(ids)) {
                    log.info("Main    : deadlock: %s waits for %s held by %s", info.getThreadName(),
                            info.getLockName(), info.getLockOwnerName());
                    names.add(info.getThreadName());
                }
                return names;
            }
            Thread.sleep(10);
        }
        log.info("Main    : no deadlock found within %d ms", DETECT_WITHIN_MILLIS);
        return List.of();
    }

    /** InduceLockOrder: every thread takes {@code left} before {@code right}; no cycle, no deadlock. */
    private static boolean runInOneOrder(ScenarioLog log, ReentrantLock left, ReentrantLock right)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(2);
        for (String name : List.of("ordered-1", "ordered-2")) {
            Thread thread = new Thread(() -> {
                left.lock();
                try {
                    right.lock();
                    try {
                        log.info("Thread %s: has both locks, in the global order", name);
                    } finally {
                        right.unlock();
                    }
                } finally {
                    left.unlock();
                }
                done.countDown();
            }, name);
            thread.setDaemon(true);
            thread.start();
        }
        return done.await(DETECT_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
    }
}
