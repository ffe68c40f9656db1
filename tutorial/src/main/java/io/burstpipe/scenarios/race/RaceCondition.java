package io.burstpipe.scenarios.race;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;

/** Two workers update an unlocked value; both read 0 before either writes, so one update is lost. */
public final class RaceCondition implements Scenario {

    @Override
    public String name() {
        return "race-condition";
    }

    @Override
    public String shows() {
        return "two unlocked read-sleep-write updates: one is lost";
    }

    @Override
    public String observe() {
        return "\"Ending value is 1\" although two updates ran";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException {
        int ending = UpdateTest.run(new UnsafeFakeDatabase(log), log);
        return Outcome.of(ending == 1, "ending value %d after %d updates (expected 1: both read 0 before "
                + "either wrote back, so one update was lost)", ending, UpdateTest.WORKERS);
    }
}
