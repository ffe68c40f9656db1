package io.burstpipe.profile;

import io.burstpipe.message.Message;
import java.util.SplittableRandom;

/**
 * One producer's seeded messages in order: ids {@code producer-0, producer-1, ...}, a random value each, and as
 * createdAt the intended send time of its {@link IntendedSchedule}. The same producer, schedule and seeds give the
 * same messages at the same intended times, whoever sends them (the producer service, the load tester, the
 * in-process run). Ends when the schedule does or after {@code limit} messages.
 *
 * <p>A stream of one {@link Segment} holds only that segment's messages, each with the id, value and intended time
 * it has in the whole stream (the others' times and values are drawn and passed over).
 *
 * <p>Use: {@link #peekNanos()} says when the next message is due, the caller waits for it, {@link #take()} makes
 * it. Not thread-safe: one stream per generator thread.
 */
public final class MessageStream {

    /** Returned by {@link #peekNanos()} once the stream has ended. */
    public static final long END = IntendedSchedule.NEVER;

    private final String producer;
    private final IntendedSchedule schedule;
    private final SplittableRandom values;
    private final long startEpochMicros;
    private final long limit;
    private final Segment segment;
    private long seq;
    private long nextNanos;

    /**
     * @param valueSeed        seeds the values (independent of the schedule's seed)
     * @param startEpochMicros the run's start, in epoch microseconds: createdAt is this plus the intended offset
     * @param limit            messages at most; 0 or less for no limit
     */
    public MessageStream(String producer, IntendedSchedule schedule, long valueSeed, long startEpochMicros,
                         long limit) {
        this(producer, schedule, valueSeed, startEpochMicros, limit, Segment.WHOLE);
    }

    /**
     * @param limit   messages at most in the whole stream (the segment holds its share of them); 0 or less for none
     * @param segment the share of the stream this one holds
     */
    public MessageStream(String producer, IntendedSchedule schedule, long valueSeed, long startEpochMicros,
                         long limit, Segment segment) {
        this.producer = producer;
        this.schedule = schedule;
        this.values = new SplittableRandom(valueSeed);
        this.startEpochMicros = startEpochMicros;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
        this.segment = segment;
        this.nextNanos = this.limit > 0 ? schedule.nextNanos() : END;
        skipToSegment();
    }

    /** Passes over the messages of other segments: their times and values are drawn, so the rest line up. */
    private void skipToSegment() {
        while (nextNanos != END && !segment.holds(seq)) {
            values.nextInt(Message.MIN_VALUE, Message.MAX_VALUE + 1);
            seq++;
            nextNanos = seq < limit ? schedule.nextNanos() : END;
        }
    }

    /** The stream of {@code spec} with one seed: the schedule from {@code seed}, the values from {@code ~seed}. */
    public static MessageStream seeded(String producer, ProfileSettings spec, long seed, long startEpochMicros,
                                       long limit) {
        return new MessageStream(producer, spec.schedule(seed), ~seed, startEpochMicros, limit);
    }

    /** When the next message is due, in nanoseconds since the start; {@link #END} once the stream has ended. */
    public long peekNanos() {
        return nextNanos;
    }

    /**
     * The message due at {@link #peekNanos()}; moves on to the next.
     *
     * @throws IllegalStateException if the stream has ended
     */
    public Message take() {
        if (nextNanos == END) {
            throw new IllegalStateException("the message stream of " + producer + " has ended");
        }
        Message message = Message.of(producer, seq, values.nextInt(Message.MIN_VALUE, Message.MAX_VALUE + 1),
                startEpochMicros + nextNanos / 1000);
        seq++;
        nextNanos = seq < limit ? schedule.nextNanos() : END;
        skipToSegment();
        return message;
    }

    /** Messages of the whole stream passed so far (the next one's seq). */
    public long taken() {
        return seq;
    }

    public String producer() {
        return producer;
    }
}
