package io.burstpipe.scenarios.race;

import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The tutorial's driver: two workers each call {@code update} once; returns the ending value. */
final class UpdateTest {

    static final int WORKERS = 2;

    private UpdateTest() {
    }

    static int run(FakeDatabase database, ScenarioLog log) throws InterruptedException {
        log.info("Testing update. Starting value is %d.", database.value());
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            for (int index = 0; index < WORKERS; index++) {
                int name = index;
                pool.submit(() -> {
                    database.update(name);
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(FakeDatabase.WORK_MILLIS * 50, TimeUnit.MILLISECONDS);
        } finally {
            pool.shutdownNow();
        }
        int ending = database.value();
        log.info("Testing update. Ending value is %d.", ending);
        return ending;
    }
}
