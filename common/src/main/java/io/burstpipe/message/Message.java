package io.burstpipe.message;

import java.util.Objects;

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
 * @param createdAtMicros intended send time, epoch microseconds, &gt;= 0
 */
public record Message(String id, long seq, String producer, int value, long createdAtMicros) {

    public static final int MIN_VALUE = 1;
    /** The longest producer name (and so the longest {@code --producer-id}). */
    public static final int MAX_PRODUCER_LENGTH = 64;
    public static final int MAX_VALUE = 100;

    /**
     * The producer name checked last: a generator makes every message of a run with the same string, so it is
     * checked once, not per message. Strings are immutable, so a stale or racing read only costs a check.
     */
    private static String lastValidProducer;

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(producer, "producer");
        if (producer != lastValidProducer) {
            if (!validProducer(producer, MAX_PRODUCER_LENGTH)) {
                throw new IllegalArgumentException(
                        "producer must be 1..64 letters, digits, '.', '_' or '-' (was '" + producer + "')");
            }
            lastValidProducer = producer;
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0 (was " + seq + ")");
        }
        if (value < MIN_VALUE || value > MAX_VALUE) {
            throw new IllegalArgumentException(
                    "value must be between " + MIN_VALUE + " and " + MAX_VALUE + " (was " + value + ")");
        }
        if (createdAtMicros < 0) {
            throw new IllegalArgumentException(
                    "createdAt must be >= 0 (the intended send time in epoch microseconds) (was " + createdAtMicros + ")");
        }
        if (!isIdOf(id, producer, seq)) {
            throw new IllegalArgumentException(
                    "id must be '" + idOf(producer, seq) + "' (producer-seq) (was '" + id + "')");
        }
    }

    /** Creates a message whose id is derived from producer and seq. */
    public static Message of(String producer, long seq, int value, long createdAtMicros) {
        return new Message(idOf(producer, seq), seq, producer, value, createdAtMicros);
    }

    /**
     * The one rule for a producer id given on a command line: what {@link #producer()} allows, less the
     * {@code reserved} characters the command appends itself (find-max's "-warmup" or "-&lt;rate&gt;").
     *
     * @throws IllegalArgumentException naming {@code flag} and what it allows
     */
    public static void requireProducerId(String flag, String id, int reserved) {
        int max = MAX_PRODUCER_LENGTH - reserved;
        if (id == null || !validProducer(id, max)) {
            throw new IllegalArgumentException(flag + " must be 1.." + max + " letters, digits, '.', '_' or '-'"
                    + (reserved > 0 ? " (" + reserved + " of the " + MAX_PRODUCER_LENGTH + " are kept for the "
                    + "suffixes this run adds)" : "") + " (was '" + id + "')");
        }
    }

    /** {@code [A-Za-z0-9._-]{1,max}}, checked without a regex: every message is checked on intake. */
    private static boolean validProducer(String producer, int max) {
        int n = producer.length();
        if (n < 1 || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = producer.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code id.equals(idOf(producer, seq))} without building the string. */
    private static boolean isIdOf(String id, String producer, long seq) {
        int p = producer.length();
        return id.length() > p + 1 && id.startsWith(producer) && id.charAt(p) == '-' && seqAt(id, p + 1) == seq;
    }

    /**
     * The seq of an id {@code producer-seq}: the digits after its last '-'; -1 if there are none, or they are not
     * how a seq is written (a leading zero, anything but digits, more than a long holds), or nothing comes before.
     */
    public static long seqOf(String id) {
        int dash = id.lastIndexOf('-');
        return dash <= 0 ? -1 : seqAt(id, dash + 1);
    }

    /** The seq written from {@code from} to the end of {@code id}, or -1 ("p-007" is not the id of seq 7). */
    private static long seqAt(String id, int from) {
        if (from >= id.length() || (id.length() - from > 1 && id.charAt(from) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9' || value > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    public static String idOf(String producer, long seq) {
        return producer + "-" + seq;
    }
}
