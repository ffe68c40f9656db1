package io.burstpipe.scenarios.prodcom;

import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tutorial's second {@code Pipeline}: a queue of capacity 10 with logged get/set. Both calls are
 * timed so neither side can block forever. Thread-safe.
 */
final class QueuePipeline {

    static final int CAPACITY = 10;

    private final ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final ScenarioLog log;

    QueuePipeline(ScenarioLog log) {
        this.log = log;
    }

    /** @return the message, or {@code null} if none arrived within the timeout */
    Integer getMessage(String name, long timeoutMillis) throws InterruptedException {
        log.debug("%s:about to get from queue", name);
        Integer value = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        log.debug("%s:got %s from queue", name, value);
        return value;
    }

    /** @return false if the queue stayed full for the whole timeout */
    boolean setMessage(int value, String name, long timeoutMillis) throws InterruptedException {
        log.debug("%s:about to add %d to queue", name, value);
        boolean added = queue.offer(value, timeoutMillis, TimeUnit.MILLISECONDS);
        log.debug("%s:added %d to queue", name, value);
        return added;
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
