package io.burstpipe.scenarios.sync;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A pool of N connections guarded by a semaphore: many workers, never more than N holders at once. */
public final class ConnectionPoolSemaphore implements Scenario {

    static final int CONNECTIONS = 3;
    static final int WORKERS = 8;
    private static final long HOLD_MILLIS = 50;

    @Override
    public String name() {
        return "semaphore";
    }

    @Override
    public String shows() {
        return "a semaphore limits a pool of 3 connections shared by 8 workers";
    }

    @Override
    public String observe() {
        return "\"in use\" never goes above 3; the measured peak is reported";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        Semaphore pool = new Semaphore(CONNECTIONS);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int index = 0; index < WORKERS; index++) {
            int name = index;
            Thread worker = new Thread(() -> {
                try {
                    log.info("Worker %d: waiting for a connection", name);
                    pool.acquire();
                    try {
                        int now = inUse.incrementAndGet();
                        peak.accumulateAndGet(now, Math::max);
                        log.info("Worker %d: got a connection (%d in use)", name, now);
                        Thread.sleep(HOLD_MILLIS);
                        inUse.decrementAndGet();
                    } finally {
                        pool.release();
                    }
                    served.incrementAndGet();
                    log.info("Worker %d: released its connection", name);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + index);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }
        boolean expected = peak.get() <= CONNECTIONS && served.get() == WORKERS;
        return Outcome.of(expected, "%d workers served; at most %d of %d connections held at once "
                + "(expected: never more than %d)", served.get(), peak.get(), CONNECTIONS, CONNECTIONS);
    }
}
