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
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            Message m = batch.get(i);
            at = ascii(out, at, "{\"id\":\"");
            at = ascii(out, at, m.producer());
            out[at++] = '-';
            at = decimal(out, at, m.seq());
            at = ascii(out, at, "\",\"seq\":");
            at = decimal(out, at, m.seq());
            at = ascii(out, at, ",\"producer\":\"");
            at = ascii(out, at, m.producer());
            at = ascii(out, at, "\",\"value\":");
            at = decimal(out, at, m.value());
            at = ascii(out, at, ",\"createdAt\":");
            at = decimal(out, at, m.createdAtMicros());
            out[at++] = '}';
        }
        out[at++] = ']';
        if (at != out.length) {
            throw new IllegalStateException("wrote " + at + " of " + out.length + " bytes");
        }
        return out;
    }

    /** Characters below 128 only (names are {@code [A-Za-z0-9._-]}, the rest is JSON syntax). */
    private static int ascii(byte[] out, int at, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            out[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    private static int decimal(byte[] out, int at, long value) {
        int end = at + digits(value);
        int i = end;
        do {
            out[--i] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
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
