package io.burstpipe.inproc;

import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.Pacer;
import io.burstpipe.message.Message;
import io.burstpipe.profile.IntendedSchedule;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One producer: at each intended send time of its schedule, makes a message with a random value
 * (the tutorial's "message from the network") and puts it on the pipeline. Stops at {@code stop},
 * after {@code limit} messages, or when the schedule ends;
 * a message already in hand is still delivered unless {@code abandon} is set first.
 *
 * <p>Runs on its own thread. {@link #produced()} may be read from any thread.
 */
final class ProducerLoop implements Runnable {

    private final String producer;
    private final IntendedSchedule schedule;
    private final SplittableRandom values;
    private final BoundedPipeline<Message> pipeline;
    private final Event stop;
    private final Event abandon;
    private final long startNanos;
    private final long startEpochMicros;
    private final LongAdder producedTotal;
    private final long limit;
    private volatile long produced;
    private volatile long unsent;

    ProducerLoop(String producer, IntendedSchedule schedule, long valueSeed, BoundedPipeline<Message> pipeline,
                 Event stop, Event abandon, long startNanos, long startEpochMicros, LongAdder producedTotal,
                 long limit) {
        this.producer = producer;
        this.schedule = schedule;
        this.values = new SplittableRandom(valueSeed);
        this.pipeline = pipeline;
        this.stop = stop;
        this.abandon = abandon;
        this.startNanos = startNanos;
        this.startEpochMicros = startEpochMicros;
        this.producedTotal = producedTotal;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
    }

    @Override
    public void run() {
        try {
            long seq = 0;
            for (long at = schedule.nextNanos(); at != IntendedSchedule.NEVER && seq < limit;
                 at = schedule.nextNanos()) {
                if (!Pacer.awaitUntil(startNanos + at, stop)) {
                    return;
                }
                int value = values.nextInt(Message.MIN_VALUE, Message.MAX_VALUE + 1);
                Message message = Message.of(producer, seq, value, startEpochMicros + at / 1000);
                if (!pipeline.put(message, abandon)) {
                    unsent = 1;
                    return;
                }
                seq++;
                produced = seq;
                producedTotal.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String producer() {
        return producer;
    }

    /** Messages this producer put on the pipeline. */
    long produced() {
        return produced;
    }

    /** 1 if a message in hand could not be enqueued before the drain deadline, else 0. */
    long unsent() {
        return unsent;
    }
}
