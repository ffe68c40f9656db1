package io.burstpipe.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM as a request to stop gracefully, instead of the JVM's immediate exit. The handler gets
 * the signal's name ("INT", "TERM") on the JVM's signal thread and must return quickly (set an Event, request a
 * stop). {@link Registration#close()} puts back the handlers that were there before.
 */
public final class Signals {

    private static final String[] STOP = {"INT", "TERM"};

    private Signals() {
    }

    /** Handlers in place until closed. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public static Registration onStop(Consumer<String> handler) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : STOP) {
            Signal signal = new Signal(name);
            SignalHandler previous = Signal.handle(signal, s -> handler.accept(s.getName()));
            restore.add(() -> Signal.handle(signal, previous));
        }
        return () -> restore.forEach(Runnable::run);
    }

    /** The shell's exit status for a process ended by this signal: 130 for INT, 143 for TERM. */
    public static int exitStatus(String signal) {
        return "INT".equals(signal) ? 130 : 143;
    }
}
