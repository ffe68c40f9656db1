package io.burstpipe.message;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One message of the story: a value the producer got from "the network", to be saved by the consumer.
 *
 * <p>Immutable and safe to share between threads. The id {@code <producer>-<seq>} is unique per
 * producer run, so a store that is idempotent by id stores each message exactly once however often it
 * is delivered.
 *
 * @param id              {@code producer + "-" + seq}
 * @param seq             sequence number within the producer, from 0
 * @param producer        producer name: letters, digits, '.', '_' or '-', 1..64 characters
 * @param value           the payload, 1..100 inclusive (the tutorial's {@code random.randint})
 * @param createdAtMicros intended send time, epoch microseconds
 */
public record Message(String id, long seq, String producer, int value, long createdAtMicros) {

    public static final int MIN_VALUE = 1;
    public static final int MAX_VALUE = 100;
    private static final Pattern PRODUCER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(producer, "producer");
        if (!PRODUCER_NAME.matcher(producer).matches()) {
            throw new IllegalArgumentException(
                    "producer must be 1..64 letters, digits, '.', '_' or '-' (was '" + producer + "')");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0 (was " + seq + ")");
        }
        if (value < MIN_VALUE || value > MAX_VALUE) {
            throw new IllegalArgumentException(
                    "value must be between " + MIN_VALUE + " and " + MAX_VALUE + " (was " + value + ")");
        }
        if (!id.equals(idOf(producer, seq))) {
            throw new IllegalArgumentException(
                    "id must be '" + idOf(producer, seq) + "' (producer-seq) (was '" + id + "')");
        }
    }

    /** Creates a message whose id is derived from producer and seq. */
    public static Message of(String producer, long seq, int value, long createdAtMicros) {
        return new Message(idOf(producer, seq), seq, producer, value, createdAtMicros);
    }

    public static String idOf(String producer, long seq) {
        return producer + "-" + seq;
    }
}
