package io.burstpipe.message;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The wire form of messages: {@code {"id":"p-0","seq":0,"producer":"p","value":42,"createdAt":1700000000000000}}.
 * Written by hand because every field is a number or a name limited to {@code [A-Za-z0-9._-]}: nothing
 * needs escaping, and senders encode hundreds of thousands of messages a second.
 */
public final class MessageJson {

    private MessageJson() {
    }

    public static StringBuilder append(StringBuilder out, Message m) {
        return out.append("{\"id\":\"").append(m.id()).append("\",\"seq\":").append(m.seq())
                .append(",\"producer\":\"").append(m.producer()).append("\",\"value\":").append(m.value())
                .append(",\"createdAt\":").append(m.createdAtMicros()).append('}');
    }

    /** Length of {@link #append}'s output for {@code m}, without building it. */
    public static int length(Message m) {
        return 52 + m.id().length() + digits(m.seq()) + m.producer().length() + digits(m.value())
                + digits(m.createdAtMicros());
    }

    /** Length of {@link #array}'s output, without building it. */
    public static long arrayLength(List<Message> batch) {
        long length = 2 + Math.max(0, batch.size() - 1);
        for (Message m : batch) {
            length += length(m);
        }
        return length;
    }

    /** Decimal digits of a value that is 0 or more (seq, value and createdAt all are), without a string. */
    private static int digits(long value) {
        long bound = 10;
        for (int n = 1; n < 19; n++) {
            if (value < bound) {
                return n;
            }
            bound *= 10;
        }
        return 19;
    }

    /** A JSON array of the messages. */
    public static String array(List<Message> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 96 + 2).append('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            append(out, batch.get(i));
        }
        return out.append(']').toString();
    }

    /**
     * {@link #array}'s output as ASCII bytes, written straight into an array of its exact length: no builder that
     * grows, no string to encode again. The id is written as producer, '-', seq (which is what it is).
     */
    public static byte[] arrayBytes(List<Message> batch) {
        long length = arrayLength(batch);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + length + " bytes is larger than one array holds");
        }
        byte[] out = new byte[(int) length];
        int at = 0;
        out[at++] = '[';
        String producer = null;
        byte[] name = null;
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            Message m = batch.get(i);
            if (m.producer() != producer) {
                producer = m.producer();
                name = producer.getBytes(StandardCharsets.US_ASCII);
            }
            at = copy(out, at, ID);
            at = copy(out, at, name);
            out[at++] = '-';
            int seqFrom = at;
            at = decimal(out, at, m.seq());
            int seqLength = at - seqFrom;
            at = copy(out, at, SEQ);
            System.arraycopy(out, seqFrom, out, at, seqLength);
            at += seqLength;
            at = copy(out, at, PRODUCER);
            at = copy(out, at, name);
            at = copy(out, at, VALUE);
            at = decimal(out, at, m.value());
            at = copy(out, at, CREATED_AT);
            at = decimal(out, at, m.createdAtMicros());
            out[at++] = '}';
        }
        out[at++] = ']';
        if (at != out.length) {
            throw new IllegalStateException("wrote " + at + " of " + out.length + " bytes");
        }
        return out;
    }

    private static final byte[] ID = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRODUCER = ",\"producer\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = "\",\"value\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREATED_AT = ",\"createdAt\":".getBytes(StandardCharsets.US_ASCII);

    /** "00" to "99": two digits a step. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static int copy(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /**
     * Writes {@code value} (0 or more) in ASCII decimal into {@code out} from {@code at}, two digits a step;
     * returns the index just past it. {@code out} must have room for 19 digits from {@code at}.
     */
    public static int decimal(byte[] out, int at, long value) {
        int end = at + digits(value);
        int i = end;
        while (value >= 100) {
            int pair = (int) (value % 100) * 2;
            value /= 100;
            out[--i] = PAIRS[pair + 1];
            out[--i] = PAIRS[pair];
        }
        if (value >= 10) {
            int pair = (int) value * 2;
            out[--i] = PAIRS[pair + 1];
            out[--i] = PAIRS[pair];
        } else {
            out[--i] = (byte) ('0' + value);
        }
        return end;
    }

    /** One message per line (NDJSON). */
    public static String lines(List<Message> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 96);
        for (Message m : batch) {
            append(out, m).append('\n');
        }
        return out.toString();
    }
}
