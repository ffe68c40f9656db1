package io.burstpipe.scenarios.prodcom;

import io.burstpipe.flow.Event;
import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producer and consumer over a {@link QueuePipeline} of 10, stopped by an {@link Event} that main sets
 * after 0.1 s. The consumer runs "until the event is set and the queue is empty". One refinement over
 * the tutorial: the consumer also waits until the producer has left its loop, closing the window in
 * which the producer's last put lands after the consumer has already seen an empty queue.
 */
public final class ProdcomQueue implements Scenario {

    static final long RUN_MILLIS = 100;
    private static final long WAIT_MILLIS = 100;

    @Override
    public String name() {
        return "prodcom-queue";
    }

    @Override
    public String shows() {
        return "a producer and a consumer over a queue of 10, stopped by an Event after 0.1 s";
    }

    @Override
    public String observe() {
        return "queue size stays <= 10; after \"about to set event\" the consumer drains; consumed == produced";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        QueuePipeline pipeline = new QueuePipeline(log);
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
                    while (!pipeline.setMessage(message, "Producer", WAIT_MILLIS)) {
                        log.debug("Producer: queue full for %d ms, retrying", WAIT_MILLIS);
                    }
                    produced.incrementAndGet();
                    maxSize.accumulateAndGet(pipeline.size(), Math::max);
                }
                log.info("Producer received EXIT event. Exiting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                producerDone.set();
            }
        }, "producer");
        Thread consumer = new Thread(() -> {
            try {
                while (!event.isSet() || !producerDone.isSet() || !pipeline.isEmpty()) {
                    Integer message = pipeline.getMessage("Consumer", WAIT_MILLIS);
                    if (message != null) {
                        int size = pipeline.size();
                        maxSize.accumulateAndGet(size, Math::max);
                        log.info("Consumer storing message: %d  (queue size=%d)", message, size);
                        consumed.incrementAndGet();
                    }
                }
                log.info("Consumer received EXIT event. Exiting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "consumer");
        return ProdcomRun.runAndCheck(log, producer, consumer, event, produced, consumed, maxSize, QueuePipeline.CAPACITY);
    }
}
