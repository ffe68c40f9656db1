package io.burstpipe.scenarios.prodcom;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;

/**
 * Producer and consumer over a {@link QueuePipeline} of 10, stopped by an {@link io.burstpipe.flow.Event} that main sets
 * after 0.1 s. The consumer runs "until the event is set and the queue is empty". One refinement over
 * the tutorial: the consumer also waits until the producer has left its loop, closing the window in
 * which the producer's last put lands after the consumer has already seen an empty queue.
 */
public final class ProdcomQueue implements Scenario {

    static final long RUN_MILLIS = 100;

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
        ProdcomRun.Channel channel = new ProdcomRun.Channel() {
            @Override
            public boolean put(int message, long waitMillis) throws InterruptedException {
                return pipeline.setMessage(message, "Producer", waitMillis);
            }

            @Override
            public Integer take(long waitMillis) throws InterruptedException {
                return pipeline.getMessage("Consumer", waitMillis);
            }

            @Override
            public int size() {
                return pipeline.size();
            }

            @Override
            public boolean isEmpty() {
                return pipeline.isEmpty();
            }
        };
        return ProdcomRun.runAndCheck(log, channel,
                new ProdcomRun.Lines("EXIT event", "Consumer storing message: %d  (queue size=%d)"),
                QueuePipeline.CAPACITY);
    }
}
