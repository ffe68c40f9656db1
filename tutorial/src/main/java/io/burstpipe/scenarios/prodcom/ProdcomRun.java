package io.burstpipe.scenarios.prodcom;

import io.burstpipe.flow.Event;
import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.atomic.AtomicInteger;

/** Main's part in the queue scenarios: start both, sleep 0.1 s, set the event, join with a bound. */
final class ProdcomRun {

    private static final long JOIN_MILLIS = 10_000;

    private ProdcomRun() {
    }

    static Outcome runAndCheck(ScenarioLog log, Thread producer, Thread consumer, Event event,
                               AtomicInteger produced, AtomicInteger consumed, AtomicInteger maxSize,
                               int capacity) throws InterruptedException {
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
}
