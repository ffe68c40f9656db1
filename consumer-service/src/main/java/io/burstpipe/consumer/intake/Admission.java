package io.burstpipe.consumer.intake;

import java.util.concurrent.CompletableFuture;

/** The immediate answer to a batch at intake. */
public sealed interface Admission {

    /** Taken in (fully, or partly if dropped); {@code outcome} completes once every message is settled. */
    record Accepted(CompletableFuture<BatchOutcome> outcome) implements Admission {
    }

    /** Refused whole because the queue is full (policy reject); nothing of it was queued. */
    record Rejected(int depth, int capacity) implements Admission {
    }

    /** Refused whole because the consumer is stopping. */
    record Stopping() implements Admission {
    }
}
