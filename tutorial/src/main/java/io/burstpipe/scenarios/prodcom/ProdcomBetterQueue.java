package io.burstpipe.scenarios.prodcom;

import io.burstpipe.flow.Event;
import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tutorial's final version: no Pipeline class, the queue used directly, stopped by an Event. Timed
 * offer and poll keep either side from blocking forever.
 */
public final class ProdcomBetterQueue implements Scenario {

    private static final int CAPACITY = 10;
    private static final long WAIT_MILLIS = 100;

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
        Event event = new Event();
        Event producerDone = new Event();
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger maxSize = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                while (!event.isSet()) {
                    int message = ThreadLocalRandom.current().nextInt(1, 101);
                    log.info("Producer got message: %d", message);
                    while (!queue.offer(message, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                        log.debug("Producer: queue full for %d ms, retrying", WAIT_MILLIS);
                    }
                    produced.incrementAndGet();
                    maxSize.accumulateAndGet(queue.size(), Math::max);
                }
                log.info("Producer received event. Exiting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                producerDone.set();
            }
        }, "producer");
        Thread consumer = new Thread(() -> {
            try {
                while (!event.isSet() || !producerDone.isSet() || !queue.isEmpty()) {
                    Integer message = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    if (message != null) {
                        int size = queue.size();
                        maxSize.accumulateAndGet(size, Math::max);
                        log.info("Consumer storing message: %d (size=%d)", message, size);
                        consumed.incrementAndGet();
                    }
                }
                log.info("Consumer received event. Exiting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "consumer");
        return ProdcomRun.runAndCheck(log, producer, consumer, event, produced, consumed, maxSize, CAPACITY);
    }
}
