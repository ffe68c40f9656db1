package io.burstpipe.scenarios.threads;

import io.burstpipe.scenarios.ScenarioLog;

/** The tutorial's {@code thread_function(name)}: log, sleep two seconds, log. */
public final class ThreadFunction {

    /** The tutorial's {@code time.sleep(2)}. */
    public static final long WORK_MILLIS = 2_000;

    private ThreadFunction() {
    }

    public static Runnable of(ScenarioLog log, int name) {
        return () -> {
            log.info("Thread %d: starting", name);
            try {
                Thread.sleep(WORK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            log.info("Thread %d: finishing", name);
        };
    }
}
