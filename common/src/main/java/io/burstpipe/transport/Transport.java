package io.burstpipe.transport;

import io.burstpipe.message.Message;
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

    @Override
    void close();
}
