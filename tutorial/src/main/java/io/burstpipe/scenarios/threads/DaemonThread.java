package io.burstpipe.scenarios.threads;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;

/**
 * A daemon thread: the JVM does not wait for it, so the process exits while it is still sleeping and
 * its "finishing" line never appears.
 */
public final class DaemonThread implements Scenario {

    @Override
    public String name() {
        return "daemon-thread";
    }

    @Override
    public String shows() {
        return "a daemon thread is killed when main ends: the JVM does not wait for it";
    }

    @Override
    public String observe() {
        return "no \"Thread 1: finishing\" line; the command returns at once";
    }

    @Override
    public Outcome run(ScenarioLog log) {
        log.info("Main    : before creating thread");
        Thread x = new Thread(ThreadFunction.of(log, 1), "daemon-1");
        x.setDaemon(true);
        log.info("Main    : before running thread");
        x.start();
        log.info("Main    : wait for the thread to finish");
        log.info("Main    : all done");
        boolean expected = x.isAlive() && log.indexOf("Thread 1: finishing") < 0;
        return Outcome.of(expected, "the daemon thread was %s when main finished and its \"finishing\" line "
                + "never appeared; the process exits without waiting (expected)",
                x.isAlive() ? "still running" : "already done");
    }
}
