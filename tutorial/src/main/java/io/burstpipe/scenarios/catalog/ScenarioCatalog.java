package io.burstpipe.scenarios.catalog;

import io.burstpipe.scenarios.ScenarioLog;
import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.executor.ExecutorPool;
import io.burstpipe.scenarios.jvm.LockOrderDeadlock;
import io.burstpipe.scenarios.jvm.LostUpdates;
import io.burstpipe.scenarios.jvm.ParallelCpu;
import io.burstpipe.scenarios.locks.ReentrantTwice;
import io.burstpipe.scenarios.locks.SelfDeadlock;
import io.burstpipe.scenarios.prodcom.ProdcomBetterQueue;
import io.burstpipe.scenarios.prodcom.ProdcomLock;
import io.burstpipe.scenarios.prodcom.ProdcomQueue;
import io.burstpipe.scenarios.race.FixRace;
import io.burstpipe.scenarios.race.RaceCondition;
import io.burstpipe.scenarios.sync.BarrierScenario;
import io.burstpipe.scenarios.sync.ConnectionPoolSemaphore;
import io.burstpipe.scenarios.sync.TimerScenario;
import io.burstpipe.scenarios.threads.DaemonThread;
import io.burstpipe.scenarios.threads.JoinThread;
import io.burstpipe.scenarios.threads.MultipleThreads;
import io.burstpipe.scenarios.threads.SingleThread;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every scenario, in the tutorial's order, then what the JVM adds. */
public final class ScenarioCatalog {

    private static final List<Scenario> ALL = List.of(
            new SingleThread(), new DaemonThread(), new JoinThread(), new MultipleThreads(), new ExecutorPool(),
            new RaceCondition(), new FixRace(), new SelfDeadlock(), new ReentrantTwice(), new ProdcomLock(),
            new ProdcomQueue(), new ProdcomBetterQueue(), new ConnectionPoolSemaphore(), new TimerScenario(),
            new BarrierScenario(), new LostUpdates(), new LockOrderDeadlock(), new ParallelCpu());

    private ScenarioCatalog() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static String names() {
        return ALL.stream().map(Scenario::name).collect(Collectors.joining(", "));
    }

    /** Runs one scenario and prints its outcome line last. */
    public static Outcome run(Scenario scenario, PrintStream out, boolean debug) throws Exception {
        ScenarioLog log = new ScenarioLog(out, debug);
        Outcome outcome = scenario.run(log);
        out.println(outcome.line());
        out.flush();
        return outcome;
    }
}
