package io.burstpipe.message;

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
        int n = 1;
        while (value >= 10) {
            value /= 10;
            n++;
        }
        return n;
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

    private static final byte[] ID = ascii("{\"id\":\"");
    private static final byte[] SEQ = ascii("\",\"seq\":");
    private static final byte[] PRODUCER = ascii(",\"producer\":\"");
    private static final byte[] VALUE = ascii("\",\"value\":");
    private static final byte[] CREATED = ascii(",\"createdAt\":");

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * {@link #array}'s text as bytes, written straight into an array of its exact length ({@link #arrayLength}):
     * no builder, no string, no charset encoding, since every character is ASCII.
     *
     * @throws IllegalArgumentException if the batch is too large for one array
     */
    public static byte[] arrayBytes(List<Message> batch) {
        long length = arrayLength(batch);
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a batch of " + length + " bytes is too large to encode at once");
        }
        byte[] out = new byte[(int) length];
        int at = 0;
        out[at++] = '[';
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = put(out, at, batch.get(i));
        }
        out[at] = ']';
        return out;
    }

    private static int put(byte[] out, int at, Message m) {
        at = put(out, at, ID);
        at = put(out, at, m.id());
        at = put(out, at, SEQ);
        at = put(out, at, m.seq());
        at = put(out, at, PRODUCER);
        at = put(out, at, m.producer());
        at = put(out, at, VALUE);
        at = put(out, at, m.value());
        at = put(out, at, CREATED);
        at = put(out, at, m.createdAtMicros());
        out[at] = '}';
        return at + 1;
    }

    private static int put(byte[] out, int at, byte[] text) {
        System.arraycopy(text, 0, out, at, text.length);
        return at + text.length;
    }

    /** A name of {@code [A-Za-z0-9._-]} (a producer, an id), one byte a character. */
    private static int put(byte[] out, int at, String name) {
        for (int i = 0; i < name.length(); i++) {
            out[at + i] = (byte) name.charAt(i);
        }
        return at + name.length();
    }

    /** A value of 0 or more in decimal. */
    private static int put(byte[] out, int at, long value) {
        int end = at + digits(value);
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
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
