package io.burstpipe.scenarios.jvm;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The race with no sleep to force it: threads on real parallel cores doing {@code count++} lose
 * updates; an atomic counter is exact. CPython's GIL hides most of this; the JVM does not.
 */
public final class LostUpdates implements Scenario {

    static final int INCREMENTS_PER_THREAD = 2_000_000;

    @Override
    public String name() {
        return "lost-updates";
    }

    @Override
    public String shows() {
        return "unsynchronised count++ on parallel cores loses updates; an atomic counter does not";
    }

    @Override
    public String observe() {
        return "the unsafe total falls short of the expected one; the atomic total is exact";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        long expected = (long) threads * INCREMENTS_PER_THREAD;
        log.info("Main    : %d threads x %,d increments each, expecting %,d", threads, INCREMENTS_PER_THREAD, expected);
        long unsafe = hammer(new UnsafeCounter(), threads);
        log.info("Main    : unsynchronised count++ ended at %,d (%,d updates lost)", unsafe, expected - unsafe);
        long atomic = hammer(new AtomicCounter(), threads);
        log.info("Main    : AtomicLong ended at %,d", atomic);
        return Outcome.of(atomic == expected && unsafe <= expected,
                "unsynchronised: %,d of %,d (%,d updates lost, %.1f%%); atomic: %,d of %,d (expected: atomic exact, "
                        + "unsynchronised short on parallel cores)",
                unsafe, expected, expected - unsafe, 100.0 * (expected - unsafe) / expected, atomic, expected);
    }

    private static long hammer(Counter counter, int threads) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                    counter.increment();
                }
            }, "counter-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        gate.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        }
        return counter.get();
    }
}
