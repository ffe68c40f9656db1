package io.burstpipe.scenarios.threads;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Three threads started together and joined in order; the order they finish in is up to the OS. */
public final class MultipleThreads implements Scenario {

    private static final int THREADS = 3;

    @Override
    public String name() {
        return "multiple-threads";
    }

    @Override
    public String shows() {
        return "three threads joined in order; the order they finish in varies";
    }

    @Override
    public String observe() {
        return "the \"finishing\" lines come in a different order from run to run";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int index = 0; index < THREADS; index++) {
            log.info("Main    : create and start thread %d.", index);
            Thread x = new Thread(ThreadFunction.of(log, index), "thread-" + index);
            x.setDaemon(true);
            threads.add(x);
            x.start();
        }
        for (int index = 0; index < THREADS; index++) {
            log.info("Main    : before joining thread %d.", index);
            threads.get(index).join(ThreadFunction.WORK_MILLIS * 5);
            log.info("Main    : thread %d done", index);
        }
        List<String> finished = log.messages().stream().filter(m -> m.endsWith(": finishing"))
                .map(m -> m.substring("Thread ".length(), m.indexOf(':'))).collect(Collectors.toList());
        boolean expected = finished.size() == THREADS;
        return Outcome.of(expected, "%d threads joined in order 0, 1, 2; they finished in order %s "
                + "(expected: all %d finish; the order varies from run to run)",
                finished.size(), String.join(", ", finished), THREADS);
    }
}
