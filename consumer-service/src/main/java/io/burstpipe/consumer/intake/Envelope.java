package io.burstpipe.consumer.intake;

import io.burstpipe.message.Message;

/**
 * A queued message and the batch it came in, so its sender can be answered once it is settled.
 *
 * @param queuedAtNanos when it was handed to the queue ({@link System#nanoTime()}), for the queue wait
 */
public record Envelope(Message message, BatchTicket ticket, long queuedAtNanos) {

    public Envelope(Message message, BatchTicket ticket) {
        this(message, ticket, System.nanoTime());
    }
}
