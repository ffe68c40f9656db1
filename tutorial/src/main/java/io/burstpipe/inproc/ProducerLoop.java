package io.burstpipe.inproc;

import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.Pacer;
import io.burstpipe.flow.StoppableWorker;
import io.burstpipe.message.Message;
import io.burstpipe.profile.MessageStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * One producer: at each intended send time of its {@link MessageStream}, takes the next message (the tutorial's
 * "message from the network") and puts it on the pipeline, one message a turn. Ends by itself when the stream
 * does; {@link #initiateShutdown()} stops it between messages; a message already in hand is still delivered unless
 * {@code abandon} is set first.
 *
 * <p>A {@link StoppableWorker} on its own thread. {@link #produced()} may be read from any thread.
 */
final class ProducerLoop extends StoppableWorker {

    private final MessageStream stream;
    private final BoundedPipeline<Message> pipeline;
    private final Event abandon;
    private final long startNanos;
    private final LongAdder producedTotal;
    private volatile long produced;
    private volatile long unsent;

    ProducerLoop(MessageStream stream, BoundedPipeline<Message> pipeline, Event abandon, long startNanos,
                 LongAdder producedTotal) {
        super("producer-" + stream.producer());
        this.stream = stream;
        this.pipeline = pipeline;
        this.abandon = abandon;
        this.startNanos = startNanos;
        this.producedTotal = producedTotal;
    }

    @Override
    protected void doWork() throws InterruptedException {
        long at = stream.peekNanos();
        if (at == MessageStream.END) {
            initiateShutdown();
            return;
        }
        if (!Pacer.awaitUntil(startNanos + at, stopping())) {
            return;
        }
        Message message = stream.take();
        if (!pipeline.put(message, abandon)) {
            unsent = 1;
            initiateShutdown();
            return;
        }
        produced = stream.taken();
        producedTotal.increment();
    }

    String producer() {
        return stream.producer();
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
