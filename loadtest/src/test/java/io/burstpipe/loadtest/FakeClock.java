package io.burstpipe.loadtest;

import io.burstpipe.flow.Event;

/** Time that passes only when the generator waits (or a test moves it): schedules checked without real time. */
final class FakeClock implements OpenLoop.Clock {

    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean awaitUntil(long deadline, Event stop) {
        if (deadline > now) {
            now = deadline;
        }
        return !stop.isSet();
    }

    @Override
    public long epochMicros() {
        return 1_700_000_000_000_000L + now / 1000;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
