package io.burstpipe.scenarios.sync;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A timer fires after its delay; a timer cancelled before its delay never fires. */
public final class TimerScenario implements Scenario {

    static final long DELAY_MILLIS = 200;

    @Override
    public String name() {
        return "timer";
    }

    @Override
    public String shows() {
        return "a Timer runs a function after a delay; a cancelled one never does";
    }

    @Override
    public String observe() {
        return "\"Timer 1: fired\" after about 200 ms; no line from timer 2";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        long start = System.nanoTime();
        AtomicLong firedAfterMillis = new AtomicLong(-1);
        CountDownLatch fired = new CountDownLatch(1);
        AtomicBoolean cancelledFired = new AtomicBoolean();
        PyTimer first = new PyTimer(DELAY_MILLIS, () -> {
            firedAfterMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            log.info("Timer 1: fired after %d ms", firedAfterMillis.get());
            fired.countDown();
        }, "timer-1");
        PyTimer second = new PyTimer(DELAY_MILLIS, () -> {
            cancelledFired.set(true);
            log.info("Timer 2: fired (it should have been cancelled)");
        }, "timer-2");
        log.info("Main    : starting timer 1 and timer 2, each with a %d ms delay", DELAY_MILLIS);
        first.start();
        second.start();
        second.cancel();
        log.info("Main    : cancelled timer 2");
        boolean firedInTime = fired.await(DELAY_MILLIS * 10, TimeUnit.MILLISECONDS);
        second.join(DELAY_MILLIS * 10); // a cancelled timer's thread ends without running its function
        boolean expected = firedInTime && firedAfterMillis.get() >= DELAY_MILLIS && !cancelledFired.get()
                && !second.isAlive();
        return Outcome.of(expected, "timer 1 %s; cancelled timer 2 %s (expected: 1 fires after >= %d ms, 2 never)",
                firedInTime ? "fired after " + firedAfterMillis.get() + " ms" : "did not fire",
                cancelledFired.get() ? "FIRED" : "never fired", DELAY_MILLIS);
    }
}
