package io.burstpipe.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** {@code --start-at}: a wall-clock start shared by load tests on several machines. */
final class StartAt {

    /** How far in the past a start may be (a second of clock skew or a slow JVM start) before it is refused. */
    static final Duration LATE = Duration.ofSeconds(2);
    static final Duration FAR = Duration.ofHours(24);

    private StartAt() {
    }

    /**
     * An ISO-8601 instant, or a time of day (HH:mm or HH:mm:ss) today on this machine's clock.
     *
     * @throws IllegalArgumentException if it is neither, already past, or more than a day away
     */
    static Instant parse(String text, Instant now) {
        Instant at;
        try {
            at = text.contains("T") ? Instant.parse(text)
                    : LocalDate.now(ZoneId.systemDefault()).atTime(LocalTime.parse(text))
                            .atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start-at must be an ISO-8601 instant such as 2026-12-01T18:40:00Z "
                    + "or a time of day such as 18:40:00 (was '" + text + "')");
        }
        Duration until = Duration.between(now, at);
        if (until.compareTo(LATE.negated()) < 0) {
            throw new IllegalArgumentException("--start-at " + text + " is " + Console.human(until.negated().withNanos(0))
                    + " in the past (now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        }
        if (until.compareTo(FAR) > 0) {
            throw new IllegalArgumentException("--start-at " + text + " is more than a day away");
        }
        return at;
    }

    /** Waits (nothing sent or read) until 50 ms before {@code at}, or Ctrl-C: the whole run lies after. */
    static void await(Instant at, io.burstpipe.profile.Segment segment, io.burstpipe.flow.Event stop,
                      java.util.function.Consumer<String> say) throws InterruptedException {
        Duration wait = Duration.between(Instant.now(), at).minusMillis(50);
        say.accept("segment " + segment + " waits " + Console.human(Duration.ofMillis(Math.max(0, wait.toMillis())
                + 50)) + " to start at " + at);
        if (!wait.isNegative()) {
            stop.await(wait);
        }
    }

    /** How long from now the run starts: 50 ms, or what is left until --start-at. */
    static long leadNanos(java.util.Optional<Instant> startAt) {
        return startAt.map(at -> Math.max(0, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(at.toEpochMilli()
                - System.currentTimeMillis()))).orElse(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
    }
}
