package io.burstpipe.loadtest;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The load tester's output: one {@code HH:mm:ss: } line per message, flushed. Thread-safe as its stream is. */
final class Console {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    PrintStream stream() {
        return out;
    }

    void say(String format, Object... args) {
        out.println(LocalTime.now().format(CLOCK) + ": " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** 1.5 s, 250 ms, 2 min: a duration as a person writes it. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms < 1000 ? ms + " ms" : ms / 1000.0 + " s";
    }
}
