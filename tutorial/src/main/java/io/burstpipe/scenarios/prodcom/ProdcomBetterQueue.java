package io.burstpipe.scenarios.prodcom;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tutorial's final version: no Pipeline class, the queue used directly, stopped by an Event. Timed
 * offer and poll keep either side from blocking forever.
 */
public final class ProdcomBetterQueue implements Scenario {

    private static final int CAPACITY = 10;

    @Override
    public String name() {
        return "prodcom-better-queue";
    }

    @Override
    public String shows() {
        return "the same with the queue used directly: the queue does the locking";
    }

    @Override
    public String observe() {
        return "as prodcom-queue, with less code: consumed == produced";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(CAPACITY);
        ProdcomRun.Channel channel = new ProdcomRun.Channel() {
            @Override
            public boolean put(int message, long waitMillis) throws InterruptedException {
                return queue.offer(message, waitMillis, TimeUnit.MILLISECONDS);
            }

            @Override
            public Integer take(long waitMillis) throws InterruptedException {
                return queue.poll(waitMillis, TimeUnit.MILLISECONDS);
            }

            @Override
            public int size() {
                return queue.size();
            }

            @Override
            public boolean isEmpty() {
                return queue.isEmpty();
            }
        };
        return ProdcomRun.runAndCheck(log, channel,
                new ProdcomRun.Lines("event", "Consumer storing message: %d (size=%d)"), CAPACITY);
    }
}
