package io.burstpipe.producer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a retry after a delay: a timer thread in the service, a hand-turned one in tests. */
interface RetryTimer {
    void schedule(Runnable retry, long delayMs);

    /** Drops the retries not yet due. */
    void cancelAll();

    static RetryTimer system() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retry-timer");
            t.setDaemon(true);
            return t;
        });
        return new RetryTimer() {
            @Override
            public void schedule(Runnable retry, long delayMs) {
                timer.schedule(retry, delayMs, TimeUnit.MILLISECONDS);
            }

            @Override
            public void cancelAll() {
                timer.shutdownNow();
            }
        };
    }
}
