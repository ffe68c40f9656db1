package io.burstpipe.transport;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** How batches leave the producer or the load generator. One implementation per transport. Thread-safe. */
public interface Transport extends AutoCloseable {

    /** What became of one batch; the same over HTTP and Kafka. */
    sealed interface Answer permits Answer.Accepted, Answer.RetryLater, Answer.Refused {

        /** Durable at the other end (HTTP 2xx; Kafka: every record acknowledged); {@code dropped} by policy, counted. */
        record Accepted(int dropped) implements Answer {
            public static final Accepted ALL = new Accepted(0);
        }

        /**
         * Not now: the same batch may succeed later, after {@code delayMs} if the other end asked for it.
         *
         * @param why {@link Why#PUSH_BACK} when the other end is full (HTTP 429), {@link Why#UNAVAILABLE} when it is
         *            stopping, restarting or failing (HTTP 503, 5xx)
         */
        record RetryLater(Why why, long delayMs, String reason) implements Answer {
        }

        /** Never: the batch is wrong for the other end (HTTP 4xx other than 429); retrying cannot help. */
        record Refused(String reason) implements Answer {
        }

        enum Why { PUSH_BACK, UNAVAILABLE }
    }

    /** Sends one batch; the stage fails only for transport errors (connection refused, timeout, a Kafka error). */
    CompletionStage<Answer> send(List<Message> batch);

    /** A batch made ready to go ahead of its send (over HTTP: encoded), on the thread that prepared it. */
    interface Prepared {
        List<Message> batch();

        /** The batch's size on the wire as a JSON array, in bytes. */
        long bytes();
    }

    /** A batch as it is, to be encoded when it is sent; its size is counted when asked for. */
    record Unprepared(List<Message> batch) implements Prepared {
        @Override
        public long bytes() {
            return MessageJson.arrayLength(batch);
        }
    }

    /** Does what can be done before {@link #send(Prepared)} (by default nothing) on the calling thread. */
    default Prepared prepare(List<Message> batch) {
        return new Unprepared(batch);
    }

    /** Sends a batch {@link #prepare}d by this transport, as {@link #send(List)} does. */
    default CompletionStage<Answer> send(Prepared batch) {
        return send(batch.batch());
    }

    /**
     * Whether {@link #send} may be called, without blocking, from the thread that completes an earlier send's stage,
     * and is cheap there: then a batch that waited for a free request slot can go out from the very answer that frees
     * the slot, with no hand-over to another thread in between.
     */
    default boolean sendsFromAnswers() {
        return false;
    }

    @Override
    void close();
}
