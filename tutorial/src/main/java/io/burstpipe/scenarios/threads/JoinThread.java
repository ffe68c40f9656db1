package io.burstpipe.scenarios.threads;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;

/** {@code join()}: main waits for the thread, so "finishing" comes before "all done". */
public final class JoinThread implements Scenario {

    @Override
    public String name() {
        return "join";
    }

    @Override
    public String shows() {
        return "join() makes main wait for the thread";
    }

    @Override
    public String observe() {
        return "\"Thread 1: finishing\" comes before \"Main    : all done\"";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        log.info("Main    : before creating thread");
        Thread x = new Thread(ThreadFunction.of(log, 1), "thread-1");
        x.setDaemon(true);
        log.info("Main    : before running thread");
        x.start();
        log.info("Main    : wait for the thread to finish");
        x.join(ThreadFunction.WORK_MILLIS * 5);
        log.info("Main    : all done");
        int finishing = log.indexOf("Thread 1: finishing");
        boolean expected = finishing >= 0 && finishing < log.indexOf("Main    : all done");
        return Outcome.of(expected, "\"finishing\" %s \"all done\" (expected: before, because main joined)",
                expected ? "came before" : "did not come before");
    }
}
