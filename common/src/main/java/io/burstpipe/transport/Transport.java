package io.burstpipe.transport;

import io.burstpipe.message.Message;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** How batches leave the producer. One implementation per transport. Thread-safe. */
public interface Transport extends AutoCloseable {

    /**
     * The consumer's answer to one batch.
     *
     * @param status       HTTP-like status: 2xx taken (and durable), 429/503 come back later, 4xx never retry
     * @param dropped      messages of the batch the consumer dropped by policy (counted, never retried)
     * @param retryAfterMs what the consumer asked us to wait, or 0
     * @param detail       the consumer's error message, or empty
     */
    record Answer(int status, int dropped, long retryAfterMs, String detail) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Retrying the same batch can succeed later. */
        public boolean retryable() {
            return status == 429 || status == 503 || status >= 500 || status == 0;
        }
    }

    /** Sends one batch; the stage fails only for transport errors (connection refused, timeout). */
    CompletionStage<Answer> send(List<Message> batch);

    @Override
    void close();
}
