package io.burstpipe.scenarios.sync;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads arrive at a barrier at random times; none passes until all have arrived. */
public final class BarrierScenario implements Scenario {

    static final int PARTIES = 3;

    @Override
    public String name() {
        return "barrier";
    }

    @Override
    public String shows() {
        return "a Barrier holds every thread until all 3 have arrived";
    }

    @Override
    public String observe() {
        return "all \"arrived\" lines come before any \"passed\" line";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(PARTIES);
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger passedEarly = new AtomicInteger();
        AtomicInteger passed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int index = 0; index < PARTIES; index++) {
            int name = index;
            Thread thread = new Thread(() -> {
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 300));
                    log.info("Thread %d: arrived at the barrier (%d of %d)", name, arrived.incrementAndGet(), PARTIES);
                    barrier.await(10, TimeUnit.SECONDS);
                    if (arrived.get() < PARTIES) {
                        passedEarly.incrementAndGet();
                    }
                    passed.incrementAndGet();
                    log.info("Thread %d: passed the barrier", name);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    log.info("Thread %d: barrier failed: %s", name, e);
                }
            }, "barrier-" + index);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
        boolean expected = passed.get() == PARTIES && passedEarly.get() == 0;
        return Outcome.of(expected, "%d of %d threads passed, %d before all had arrived (expected: all pass, none early)",
                passed.get(), PARTIES, passedEarly.get());
    }
}
