package io.burstpipe.flow;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Waits for an intended send time with sub-millisecond accuracy, and stops early when told to. */
public final class Pacer {

    /** Waits shorter than this spin-park instead of sleeping on the Event, for sub-ms accuracy. */
    private static final long FINE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Pacer() {
    }

    /**
     * Returns at {@code deadlineNanos} ({@link System#nanoTime()} scale), at once if it has passed.
     *
     * @return {@code false} if {@code stop} was set before the deadline
     */
    public static boolean awaitUntil(long deadlineNanos, Event stop) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > FINE_WAIT_NANOS && stop.await(left - FINE_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
            return false;
        }
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        return !stop.isSet();
    }
}
