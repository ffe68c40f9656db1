package io.burstpipe.scenarios.prodcom;

import io.burstpipe.flow.Event;
import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue scenarios' producer, consumer and main: the producer puts random messages until the event is set; the
 * consumer stores them "until the event is set and the queue is empty" (and, one refinement over the tutorial,
 * until the producer has left its loop, closing the window in which its last put lands after the consumer saw an
 * empty queue); main starts both, sleeps 0.1 s, sets the event and joins with a bound. What differs between the
 * scenarios is the {@link Channel} between the two.
 */
final class ProdcomRun {

    private static final long JOIN_MILLIS = 10_000;
    private static final long WAIT_MILLIS = 100;

    /** The queue between producer and consumer, as a scenario has it. */
    interface Channel {
        /** @return {@code false} if there was no room within {@code waitMillis} */
        boolean put(int message, long waitMillis) throws InterruptedException;

        /** @return {@code null} if nothing came within {@code waitMillis} */
        Integer take(long waitMillis) throws InterruptedException;

        int size();

        boolean isEmpty();
    }

    /** The scenario's own log lines: how the threads say they leave, and how the consumer says it stores. */
    record Lines(String exit, String storing) {
    }

    private final ScenarioLog log;
    private final Channel channel;
    private final Lines lines;
    private final Event event = new Event();
    private final Event producerDone = new Event();
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger consumed = new AtomicInteger();
    private final AtomicInteger maxSize = new AtomicInteger();

    private ProdcomRun(ScenarioLog log, Channel channel, Lines lines) {
        this.log = log;
        this.channel = channel;
        this.lines = lines;
    }

    static Outcome runAndCheck(ScenarioLog log, Channel channel, Lines lines, int capacity)
            throws InterruptedException {
        return new ProdcomRun(log, channel, lines).run(capacity);
    }

    private Outcome run(int capacity) throws InterruptedException {
        Thread producer = new Thread(this::producer, "producer");
        Thread consumer = new Thread(this::consumer, "consumer");
        producer.setDaemon(true);
        consumer.setDaemon(true);
        producer.start();
        consumer.start();
        Thread.sleep(ProdcomQueue.RUN_MILLIS);
        log.info("Main: about to set event");
        event.set();
        producer.join(JOIN_MILLIS);
        consumer.join(JOIN_MILLIS);
        if (producer.isAlive() || consumer.isAlive()) {
            return Outcome.of(false, "producer or consumer did not exit within %d ms", JOIN_MILLIS);
        }
        boolean expected = produced.get() == consumed.get() && produced.get() > 0 && maxSize.get() <= capacity;
        return Outcome.of(expected, "produced %d, consumed %d, queue size peaked at %d/%d "
                        + "(expected: consumed == produced, nothing left in the queue)",
                produced.get(), consumed.get(), maxSize.get(), capacity);
    }

    private void producer() {
        try {
            while (!event.isSet()) {
                int message = ThreadLocalRandom.current().nextInt(1, 101);
                log.info("Producer got message: %d", message);
                while (!channel.put(message, WAIT_MILLIS)) {
                    log.debug("Producer: queue full for %d ms, retrying", WAIT_MILLIS);
                }
                produced.incrementAndGet();
                maxSize.accumulateAndGet(channel.size(), Math::max);
            }
            log.info("Producer received %s. Exiting", lines.exit());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producerDone.set();
        }
    }

    private void consumer() {
        try {
            while (!event.isSet() || !producerDone.isSet() || !channel.isEmpty()) {
                Integer message = channel.take(WAIT_MILLIS);
                if (message != null) {
                    int size = channel.size();
                    maxSize.accumulateAndGet(size, Math::max);
                    log.info(lines.storing(), message, size);
                    consumed.incrementAndGet();
                }
            }
            log.info("Consumer received %s. Exiting", lines.exit());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
