package io.burstpipe.producer;

import io.burstpipe.profile.IntendedSchedule;
import java.time.Duration;

/**
 * How many messages the producer's schedule intended to send by a given instant: the offered load, counted on a
 * copy of the generator's own seeded schedule, so it includes the messages the generator could not make yet
 * because the consumer held it back. Ends where the generator ends (--messages, --duration).
 *
 * <p>Not thread-safe: one reader (the reporter).
 */
final class OfferedCount {

    private final IntendedSchedule schedule;
    private final long limit;
    private final long endNanos;
    private long count;
    private long nextNanos;

    /**
     * @param messages at most this many; 0 for no limit
     * @param duration generation ends then; ZERO for never
     */
    OfferedCount(IntendedSchedule schedule, long messages, Duration duration) {
        this.schedule = schedule;
        this.limit = messages <= 0 ? Long.MAX_VALUE : messages;
        this.endNanos = duration.isZero() ? Long.MAX_VALUE : duration.toNanos();
        this.nextNanos = schedule.nextNanos();
    }

    /** Messages intended at or before {@code elapsedNanos} since the schedule's start; non-decreasing. */
    long at(long elapsedNanos) {
        while (count < limit && nextNanos != IntendedSchedule.NEVER && nextNanos <= elapsedNanos
                && nextNanos < endNanos) {
            count++;
            nextNanos = schedule.nextNanos();
        }
        return count;
    }
}
