package io.burstpipe.consumer.intake;

import io.burstpipe.message.Message;

/** A queued message and the batch it came in, so its sender can be answered once it is settled. */
public record Envelope(Message message, BatchTicket ticket) {
}
