package io.burstpipe.consumer.intake;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows one received batch through the queue and the store writers. Each message is settled exactly
 * once (stored, already stored, dropped, not accepted, or abandoned); when the last one is, {@link #outcome()}
 * completes and the sender gets its answer. Thread-safe: settled from intake and writer threads.
 */
public final class BatchTicket {

    private final int size;
    private final AtomicInteger unsettled;
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger notAccepted = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final CompletableFuture<BatchOutcome> outcome = new CompletableFuture<>();

    public BatchTicket(int size) {
        this.size = size;
        this.unsettled = new AtomicInteger(size);
        if (size == 0) {
            outcome.complete(new BatchOutcome(0, 0, 0, 0, 0));
        }
    }

    public CompletableFuture<BatchOutcome> outcome() {
        return outcome;
    }

    void stored(int n) {
        settle(n);
    }

    /** Durable, but its id was stored before (or earlier in the same batch). */
    void duplicate(int n) {
        duplicates.addAndGet(n);
        settle(n);
    }

    void dropped(int n) {
        dropped.addAndGet(n);
        settle(n);
    }

    void notAccepted(int n) {
        notAccepted.addAndGet(n);
        settle(n);
    }

    void abandoned(int n) {
        abandoned.addAndGet(n);
        settle(n);
    }

    private void settle(int n) {
        if (n > 0 && unsettled.addAndGet(-n) == 0) {
            outcome.complete(new BatchOutcome(size, duplicates.get(), dropped.get(), notAccepted.get(),
                    abandoned.get()));
        }
    }
}
