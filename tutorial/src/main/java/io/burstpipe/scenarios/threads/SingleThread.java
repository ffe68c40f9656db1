package io.burstpipe.scenarios.threads;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;

/**
 * Starting a thread without joining it: main says "all done" while the thread still works, and the
 * JVM then waits for the (non-daemon) thread before it exits.
 */
public final class SingleThread implements Scenario {

    @Override
    public String name() {
        return "single-thread";
    }

    @Override
    public String shows() {
        return "a thread started and not joined: main finishes first, the JVM waits for the thread";
    }

    @Override
    public String observe() {
        return "\"Main    : all done\" comes before \"Thread 1: finishing\"";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        log.info("Main    : before creating thread");
        Thread x = new Thread(ThreadFunction.of(log, 1), "thread-1");
        log.info("Main    : before running thread");
        x.start();
        log.info("Main    : wait for the thread to finish");
        // x.join()  -- left out on purpose, as in the tutorial
        log.info("Main    : all done");
        // What the JVM does at exit: wait for every non-daemon thread.
        x.join(ThreadFunction.WORK_MILLIS * 5);
        int done = log.indexOf("Main    : all done");
        int finishing = log.indexOf("Thread 1: finishing");
        boolean expected = finishing > done;
        return Outcome.of(expected, "main logged \"all done\" %s thread 1 finished; "
                + "the JVM waited for the non-daemon thread before exiting (expected: all done first)",
                expected ? "before" : "after");
    }
}
