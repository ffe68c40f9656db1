package io.burstpipe.scenarios.sync;

import io.burstpipe.flow.Event;
import java.util.concurrent.TimeUnit;

/**
 * A port of Python's {@code threading.Timer}: a thread that waits on an {@link Event} for the
 * interval and runs the function unless {@link #cancel()} set the event first. Start once.
 */
public final class PyTimer extends Thread {

    private final long intervalMillis;
    private final Runnable function;
    private final Event finished = new Event();

    public PyTimer(long intervalMillis, Runnable function, String name) {
        super(name);
        setDaemon(true);
        this.intervalMillis = intervalMillis;
        this.function = function;
    }

    /** Stops the timer if it has not fired yet. */
    public void cancel() {
        finished.set();
    }

    @Override
    public void run() {
        try {
            if (!finished.await(intervalMillis, TimeUnit.MILLISECONDS)) {
                function.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.set();
        }
    }
}
