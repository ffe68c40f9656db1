package io.burstpipe.profile;

/**
 * One of {@code count} disjoint shares of a seeded message stream, as k6's execution segments: segment
 * {@code index} of {@code count} takes the messages whose sequence number leaves {@code index - 1} divided by
 * {@code count}, at the intended times and with the values the whole stream gives them. Together the segments are
 * exactly the whole stream, message for message, so several load generators can run one schedule between them.
 *
 * @param index 1-based, at most {@code count}
 * @param count how many segments the stream is cut into; 1 is the whole stream
 */
public record Segment(int index, int count) {

    /** The most segments a stream can be cut into. */
    public static final int MAX_COUNT = 1000;

    public static final Segment WHOLE = new Segment(1, 1);

    /** @throws IllegalArgumentException unless {@code 1 <= index <= count <= MAX_COUNT} */
    public Segment {
        if (count < 1 || count > MAX_COUNT || index < 1 || index > count) {
            throw new IllegalArgumentException("a segment is i/n with 1 <= i <= n <= " + MAX_COUNT + " (was "
                    + index + "/" + count + ")");
        }
    }

    /**
     * Parses {@code i/n}, e.g. {@code 2/3}.
     *
     * @throws IllegalArgumentException naming what is allowed
     */
    public static Segment parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Segment(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("a segment is i/n with 1 <= i <= n <= " + MAX_COUNT + ", e.g. 2/3 (was '"
                + text + "')");
    }

    public boolean whole() {
        return count == 1;
    }

    /** Whether the message with this sequence number is in the segment. */
    public boolean holds(long seq) {
        return seq % count == index - 1;
    }

    /** The share of the stream's rate the segment sends. */
    public double share() {
        return 1.0 / count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
