package io.burstpipe.scenarios;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tutorial's logging: {@code logging.basicConfig(format="%(asctime)s: %(message)s",
 * datefmt="%H:%M:%S")}, with INFO always shown and DEBUG shown only when asked for.
 *
 * <p>Thread-safe: lines from many threads come out whole and in the order they were logged; they are
 * also kept so a caller can check their order.
 */
public final class ScenarioLog {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final boolean debug;
    private final List<String> messages = new ArrayList<>();

    public ScenarioLog(PrintStream out, boolean debug) {
        this.out = out;
        this.debug = debug;
    }

    public void info(String format, Object... args) {
        write(String.format(Locale.ROOT, format, args));
    }

    /** Shown only with {@code --debug}, as the tutorial's {@code logging.debug}. */
    public void debug(String format, Object... args) {
        if (debug) {
            write(String.format(Locale.ROOT, format, args));
        }
    }

    private synchronized void write(String message) {
        messages.add(message);
        out.println(LocalTime.now().format(CLOCK) + ": " + message);
    }

    /** Index of the first message logged so far that contains {@code text}, or -1. */
    public synchronized int indexOf(String text) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** The messages logged so far, without timestamps. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }
}
