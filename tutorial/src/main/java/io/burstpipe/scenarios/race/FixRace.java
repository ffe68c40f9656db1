package io.burstpipe.scenarios.race;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;

/** The same two updates under a lock: the second waits for the first, and nothing is lost. */
public final class FixRace implements Scenario {

    @Override
    public String name() {
        return "fix-race";
    }

    @Override
    public String shows() {
        return "the same updates under a lock: none is lost (--debug shows the lock hand-off)";
    }

    @Override
    public String observe() {
        return "\"Ending value is 2\"; with --debug, thread 1 gets the lock only after thread 0 releases it";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        int ending = UpdateTest.run(new LockedFakeDatabase(log), log);
        return Outcome.of(ending == 2, "ending value %d after %d updates (expected 2: the lock serialised them)",
                ending, UpdateTest.WORKERS);
    }
}
