package io.burstpipe.scenarios.executor;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import io.burstpipe.scenarios.threads.ThreadFunction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fixed pool of three running three tasks (the tutorial's {@code ThreadPoolExecutor(max_workers=3)}),
 * then the pitfall: an exception thrown in a submitted task vanishes unless its future is read.
 */
public final class ExecutorPool implements Scenario {

    @Override
    public String name() {
        return "executor";
    }

    @Override
    public String shows() {
        return "a fixed pool runs three tasks; a failing task's exception is silent until its future is read";
    }

    @Override
    public String observe() {
        return "no error when the task fails; the error appears only at future.get()";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int index = 0; index < 3; index++) {
                pool.submit(ThreadFunction.of(log, index));
            }
            log.info("Main    : submitted 3 tasks to a pool of 3");
            Future<?> failing = pool.submit(() -> {
                log.info("Thread 3: starting, about to fail");
                throw new IllegalStateException("the database is gone");
            });
            pool.shutdown();
            boolean finished = pool.awaitTermination(ThreadFunction.WORK_MILLIS * 5, TimeUnit.MILLISECONDS);
            log.info("Main    : pool finished; no error was reported by the failing task");
            String seen = readFailure(failing, log);
            boolean expected = finished && seen.contains("the database is gone");
            return Outcome.of(expected, "3 tasks ran on a pool of 3; the failing task's exception stayed silent "
                    + "until future.get() rethrew it as %s (expected)", seen);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The fix: read every future; {@code get()} rethrows what the task threw. */
    private static String readFailure(Future<?> failing, ScenarioLog log) throws InterruptedException {
        try {
            failing.get(1, TimeUnit.SECONDS);
            return "nothing";
        } catch (ExecutionException e) {
            String seen = e.getClass().getSimpleName() + ": " + e.getCause();
            log.info("Main    : future.get() threw %s", seen);
            return seen;
        } catch (TimeoutException e) {
            return "a timeout";
        }
    }
}
