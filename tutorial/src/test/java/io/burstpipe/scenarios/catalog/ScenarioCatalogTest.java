package io.burstpipe.scenarios.catalog;

import io.burstpipe.scenarios.ScenarioLog;
import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class ScenarioCatalogTest {

    record Run(Outcome outcome, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private static Run run(String name, boolean debug) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Outcome outcome = ScenarioCatalog.run(ScenarioCatalog.find(name).orElseThrow(), out, debug);
        return new Run(outcome, bytes.toString(StandardCharsets.UTF_8));
    }

    static Stream<String> names() {
        return ScenarioCatalog.all().stream().map(Scenario::name);
    }

    @Test
    void listsAllEighteenInTheTutorialsOrder() {
        assertThat(names()).containsExactly("single-thread", "daemon-thread", "join", "multiple-threads", "executor",
                "race-condition", "fix-race", "deadlock", "rlock", "prodcom-lock", "prodcom-queue",
                "prodcom-better-queue", "semaphore", "timer", "barrier", "lost-updates", "lock-order-deadlock",
                "parallel-cpu");
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyScenarioShowsWhatItIsMeantToAndEndsWithItsOutcome(String name) throws Exception {
        Run run = run(name, false);
        assertThat(run.outcome().asExpected()).as(run.output()).isTrue();
        List<String> lines = run.lines();
        assertThat(lines.get(lines.size() - 1)).isEqualTo(run.outcome().line()).startsWith("outcome: ");
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d: .*"));
    }

    @Test
    void singleThreadMainFinishesFirstThenTheThread() throws Exception {
        Run run = run("single-thread", false);
        List<String> lines = run.lines();
        assertThat(indexOf(lines, "Main    : all done")).isLessThan(indexOf(lines, "Thread 1: finishing"));
    }

    @Test
    void daemonThreadNeverFinishes() throws Exception {
        Run run = run("daemon-thread", false);
        assertThat(run.output()).contains("Main    : all done").doesNotContain("Thread 1: finishing");
    }

    @Test
    void joinFinishesTheThreadFirst() throws Exception {
        List<String> lines = run("join", false).lines();
        assertThat(indexOf(lines, "Thread 1: finishing")).isLessThan(indexOf(lines, "Main    : all done"));
    }

    @Test
    void raceConditionEndsAtOneAndTheLockFixEndsAtTwo() throws Exception {
        assertThat(run("race-condition", false).output()).contains("Testing update. Ending value is 1.");
        Run fixed = run("fix-race", false);
        assertThat(fixed.output()).contains("Testing update. Ending value is 2.").doesNotContain("has lock");
    }

    @Test
    void fixRaceDebugShowsTheLockHandOff() throws Exception {
        List<String> lines = run("fix-race", true).lines();
        int firstRelease = indexOf(lines, "about to release lock");
        String firstHolder = lines.get(indexOf(lines, "has lock"));
        String secondHolder = lines.stream().filter(l -> l.contains("has lock") && !l.equals(firstHolder))
                .findFirst().orElseThrow();
        assertThat(lines.indexOf(secondHolder)).isGreaterThan(firstRelease);
    }

    @Test
    void executorSurfacesTheFailureOnlyThroughTheFuture() throws Exception {
        Run run = run("executor", false);
        assertThat(indexOf(run.lines(), "no error was reported"))
                .isLessThan(indexOf(run.lines(), "future.get() threw ExecutionException"));
    }

    @Test
    void prodcomLockStoresAllTenInOrder() throws Exception {
        Run run = run("prodcom-lock", false);
        List<String> got = run.lines().stream().filter(l -> l.contains("Producer got message: "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        List<String> stored = run.lines().stream().filter(l -> l.contains("Consumer storing message: "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertThat(got).hasSize(10);
        assertThat(stored).isEqualTo(got);
    }

    @Test
    void queueScenariosConsumeEverythingProduced() throws Exception {
        for (String name : List.of("prodcom-queue", "prodcom-better-queue")) {
            Run run = run(name, false);
            long got = run.lines().stream().filter(l -> l.contains("Producer got message: ")).count();
            long stored = run.lines().stream().filter(l -> l.contains("Consumer storing message: ")).count();
            assertThat(stored).as(name).isEqualTo(got).isPositive();
        }
    }

    @Test
    void lostUpdatesAtomicIsExact() throws Exception {
        Run run = run("lost-updates", false);
        assertThat(run.outcome().text()).containsPattern("atomic: ([\\d,]+) of \\1 ");
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains '" + text + "' in " + lines);
    }
}
