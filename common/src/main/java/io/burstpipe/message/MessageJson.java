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

    /** One message per line (NDJSON). */
    public static String lines(List<Message> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 96);
        for (Message m : batch) {
            append(out, m).append('\n');
        }
        return out.toString();
    }
}
