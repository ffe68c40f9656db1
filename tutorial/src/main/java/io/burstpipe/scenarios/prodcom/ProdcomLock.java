package io.burstpipe.scenarios.prodcom;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Producer and consumer hand ten messages, then a sentinel, through a one-slot pipeline of two locks. */
public final class ProdcomLock implements Scenario {

    static final Object SENTINEL = new Object();
    private static final int MESSAGES = 10;

    @Override
    public String name() {
        return "prodcom-lock";
    }

    @Override
    public String shows() {
        return "a one-message pipeline guarded by two locks; ten messages then a sentinel";
    }

    @Override
    public String observe() {
        return "every \"Producer got message\" is followed by the same \"Consumer storing message\"";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        SingleSlotPipeline pipeline = new SingleSlotPipeline(log);
        List<Integer> produced = new ArrayList<>();
        List<Integer> stored = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            pool.submit(() -> {
                for (int index = 0; index < MESSAGES; index++) {
                    int message = ThreadLocalRandom.current().nextInt(1, 101);
                    log.info("Producer got message: %d", message);
                    produced.add(message);
                    pipeline.setMessage(message, "Producer");
                }
                pipeline.setMessage(SENTINEL, "Producer");
                return null;
            });
            pool.submit(() -> {
                Object message = null;
                while (message != SENTINEL) {
                    message = pipeline.getMessage("Consumer");
                    if (message != SENTINEL) {
                        log.info("Consumer storing message: %s", message);
                        stored.add((Integer) message);
                    }
                }
                return null;
            });
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                return Outcome.of(false, "the pipeline did not finish within 10 s");
            }
        } finally {
            pool.shutdownNow();
        }
        boolean expected = stored.size() == MESSAGES && stored.equals(produced);
        return Outcome.of(expected, "%d of %d messages stored, %s (expected: all %d, in order)",
                stored.size(), produced.size(), stored.equals(produced) ? "in order" : "NOT in order", MESSAGES);
    }
}
