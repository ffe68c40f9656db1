package io.burstpipe.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.readme.NetnsShell.Command;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every command in README.md, run as a user runs it: through {@code ./burstpipe} and {@code scripts/}, as real
 * processes in a fresh directory, after what the README says to start first, with the outcome the README promises
 * checked. A command added to the README without a test here fails {@link #everyReadmeCommandIsRunByATest()}.
 * Long-running ones are bounded through environment variables (documented as equal to their flags), never by
 * editing the command. Each section runs in its own network namespace ({@link NetnsShell}).
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class ReadmeCommandsIT {

    private static final Path ROOT = Path.of(System.getProperty("burstpipe.root", "..")).toAbsolutePath().normalize();
    private static final Path OUT = ROOT.resolve("e2e-tests/target/readme-test");
    private static final Set<String> COVERED = new LinkedHashSet<>();

    // Quick start
    private static final String UP = covered("./burstpipe up");
    private static final String RUN = covered("./burstpipe run --duration 10s");
    // Kafka transport
    private static final String BROKER_START = covered("scripts/kafka-broker.sh start");
    private static final String KAFKA_CONSUMER = covered(
            "./burstpipe consumer --transport kafka --kafka-bootstrap 127.0.0.1:19092");
    private static final String KAFKA_CONSUMER_2 = covered("./burstpipe consumer --transport kafka --kafka-bootstrap "
            + "127.0.0.1:19092 --port 0 --store-dir data/consumer-2");
    private static final String KAFKA_PRODUCER = covered(
            "./burstpipe producer --transport kafka --kafka-bootstrap 127.0.0.1:19092 --kafka-key none");
    private static final String BROKER_STOP = covered("scripts/kafka-broker.sh stop");
    // Load testing
    private static final String TARGET = covered("./burstpipe consumer --control-token secret --store-latency 1ms "
            + "--batch-size 100 --queue-capacity 5000");
    private static final List<String> LOADTESTS = List.of(
            covered("./burstpipe loadtest --warmup 5s --threshold 'p99<250ms' --threshold 'loss==0' --threshold "
                    + "'rate>=0.99*target'"),
            covered("./burstpipe loadtest --profile steady --rate 2000 --duration 20s --warmup 5s --threshold "
                    + "'p99<1s' --abort-on-fail"),
            covered("./burstpipe loadtest --profile stages --stages 5s:0..3000,10s:3000,5s:3000..0 --duration 0"),
            covered("./burstpipe loadtest --profile-file shape.yaml"),
            covered("./burstpipe loadtest --control-token secret --backlog-messages 5000 --rate 5000 --batch-size 100"));
    private static final String FIND_MAX = covered("./burstpipe loadtest --find-max --rate 1000 --latency-bound 500ms");
    private static final String OTHER_ENDPOINT = covered(
            "./burstpipe loadtest --target http://127.0.0.1:9000 --path /ingest --consumer none --duration 10s");
    private static final String BILLING_CONSUMER = covered("./burstpipe consumer --transport kafka --kafka-bootstrap "
            + "127.0.0.1:19092 --kafka-topic orders --kafka-group billing --port 0 --store-dir data/billing");
    private static final String KAFKA_LOADTEST = covered("./burstpipe loadtest --transport kafka --kafka-bootstrap "
            + "127.0.0.1:19092 --kafka-topic orders --kafka-group billing --duration 10s");
    private static final List<String> SEGMENTS = java.util.stream.IntStream.rangeClosed(1, 3)
            .mapToObj(i -> covered("./burstpipe loadtest --segment " + i + "/3 --start-at $AT --duration 20s --warmup "
                    + "5s --max-inflight 16 --threshold 'loss==0' --out loadtest-results/seg-" + i)).toList();
    private static final String MERGE = covered("./burstpipe loadtest merge loadtest-results/seg-1 "
            + "loadtest-results/seg-2 loadtest-results/seg-3 --out loadtest-results/merged");
    private static final String FAULTS = covered("./burstpipe loadtest --control-token secret --profile steady --rate "
            + "500 --duration 15s --warmup 2s --fault 5s:store?latency=150ms --fault 7s:poison=20 --fault "
            + "9s:store?latency=1ms --out loadtest-results/faults");
    private static final String KILL = covered("./burstpipe loadtest --start-consumer \"--store-latency 2ms "
            + "--batch-size 100 --queue-capacity 1000\" --profile steady --rate 500 --duration 15s --warmup 2s --fault "
            + "3s:kill --fault 4s:restart --fault 9s:term --fault 10s:restart --out loadtest-results/kill");
    private static final String GROUP_JOIN = covered("./burstpipe loadtest --transport kafka --kafka-bootstrap "
            + "127.0.0.1:19092 --kafka-topic joins --kafka-group joiners --kafka-key none --kafka-batch-bytes 4096 "
            + "--start-consumer \"--store-latency 2ms --batch-size 50\" --profile steady --rate 500 --duration 20s "
            + "--fault 2s:join --fault 16s:leave --threshold 'loss==0' --out loadtest-results/join");
    private static final String WATER_MARKS = covered("./burstpipe loadtest --transport kafka --kafka-bootstrap "
            + "127.0.0.1:19092 --kafka-topic marks --kafka-group marks --kafka-key none --start-consumer "
            + "\"--store-latency 20ms --store-jitter 0ms --batch-size 10 --queue-capacity 200 --kafka-max-poll-records "
            + "20\" --profile steady --rate 1000 --duration 6s --sweep water-marks=150/50,30/25 --out "
            + "loadtest-results/marks");
    private static final String SWEEP_CONSUMER = covered("./burstpipe consumer --port 8081 --control-token secret "
            + "--store-latency 20ms --store-jitter 0ms --batch-size 10 --queue-capacity 100 --store-dir data/sweep");
    private static final String SWEEP = covered("./burstpipe loadtest --target http://127.0.0.1:8081 --control-token "
            + "secret --profile burst --rate 100 --peak-rate 1500 --burst-on 1s --burst-off 4s --duration 10s --sweep "
            + "overflow=block,reject,drop-newest,drop-oldest --out loadtest-results/sweep");
    private static final List<String> COMPARED_RUNS = java.util.stream.Stream.of("base", "again", "slowed")
            .map(n -> covered("./burstpipe loadtest --duration 15s --warmup 5s --seed 11 --out loadtest-results/" + n))
            .toList();
    private static final String COMPARE_SAME = covered("./burstpipe loadtest compare loadtest-results/base "
            + "loadtest-results/again");
    private static final String COMPARE_SLOWED = covered("./burstpipe loadtest compare loadtest-results/base "
            + "loadtest-results/slowed; echo \"exit status $?\"");
    // Benchmarks
    private static final String BENCH_PIPELINE = covered("./burstpipe bench pipeline");
    private static final String BENCH_HTTP = covered("./burstpipe bench http");
    private static final String BENCH_KAFKA = covered("scripts/kafka-broker.sh start && ./burstpipe bench kafka");
    private static final String BENCH_LOADTEST = covered("./burstpipe bench loadtest");
    private static final String BENCH_INDEX = covered("./burstpipe bench index");
    private static final String BENCH_GENERATOR = covered("./burstpipe bench generator");
    // docker compose: the container test is ComposeStackIT (this script only prepares podman and runs it)
    private static final String CONTAINER_TEST = covered("scripts/containers/test.sh");

    private static ReadmeFile readme;

    private static String covered(String command) {
        COVERED.add(command);
        return command;
    }

    @BeforeAll
    static void read() throws Exception {
        readme = ReadmeFile.read(ROOT.resolve("README.md"));
        Files.createDirectories(OUT);
    }

    private static Path home(String session) throws Exception {
        Path home = OUT.resolve(session + "-" + System.nanoTime());
        Files.createDirectories(home);
        return home;
    }

    @Test
    void everyReadmeCommandIsRunByATest() {
        Set<String> inReadme = new TreeSet<>(readme.commands());
        inReadme.removeIf(c -> c.startsWith("./burstpipe scenario ")); // each run by scenariosTableCommands
        Set<String> missing = new TreeSet<>(inReadme);
        missing.removeAll(COVERED);
        Set<String> stale = new TreeSet<>(COVERED);
        stale.removeAll(inReadme);
        assertThat(missing).as("README commands that no test runs (add them to ReadmeCommandsIT)").isEmpty();
        assertThat(stale).as("tested commands the README no longer shows (remove them from ReadmeCommandsIT)")
                .isEmpty();
    }

    @Test
    void quickStart() throws Exception {
        try (NetnsShell shell = NetnsShell.open(home("quick-start"), Map.of())) {
            Command up = shell.start(UP);
            up.awaitOutput("up: consumer ready; dashboard on http://127\\.0\\.0\\.1:8080/ \\(Ctrl-C stops both\\)",
                    Duration.ofSeconds(120));
            up.awaitOutput("acked=[1-9]\\d{3,}", Duration.ofSeconds(60));
            assertThat(shell.httpStatus("http://127.0.0.1:8080/")).as("the dashboard").isEqualTo(200);
            up.ctrlC();
            assertThat(up.awaitExit(Duration.ofSeconds(90))).as(up.output()).isEqualTo(130);
            assertThat(up.output()).containsPattern("check: generated (\\d+) == acked \\1 \\+ dropped 0: OK")
                    .contains("up: both stopped cleanly").doesNotContain("Exception");

            Command run = shell.run(RUN, Duration.ofSeconds(90));
            assertThat(run.exitValue()).as(run.output()).isZero();
            assertThat(run.output()).containsPattern("check: produced (\\d+) == stored \\1 \\(ids counted in the "
                    + "store\\): OK");
            assertThat(run.output().lines().filter(l -> l.contains(": produced=")).count()).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void scenariosTableCommands() throws Exception {
        List<String> scenarios = readme.commands().stream().filter(c -> c.startsWith("./burstpipe scenario ")).toList();
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(18);
        try (NetnsShell shell = NetnsShell.open(home("scenarios"), Map.of())) {
            for (String command : scenarios) {
                Command c = shell.run(command, Duration.ofSeconds(90));
                assertThat(c.exitValue()).as(command + "\n" + c.output()).isZero();
                assertThat(c.output()).as(command).contains("outcome:");
            }
        }
    }

    @Test
    void kafkaTransport() throws Exception {
        Path home = home("kafka");
        try (NetnsShell shell = NetnsShell.open(home, Map.of("KAFKA_TEST_DIR", home.resolve("broker").toString()))) {
            Command broker = shell.run(BROKER_START, Duration.ofSeconds(120));
            assertThat(broker.exitValue()).as(broker.output()).isZero();
            assertThat(broker.output()).contains("127.0.0.1:19092");
            Command a = shell.start(KAFKA_CONSUMER).awaitOutput("consumer ready", Duration.ofSeconds(90));
            Command b = shell.start(KAFKA_CONSUMER_2).awaitOutput("consumer ready: http://127\\.0\\.0\\.1:\\d+/",
                    Duration.ofSeconds(90));
            int portB = port(b.output());
            Command producer = shell.start(KAFKA_PRODUCER);
            producer.awaitOutput("acked=\\d{4,}", Duration.ofSeconds(60));
            await("both consumers store from their share of the partitions").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> stored(shell, 8080) > 0 && stored(shell, portB) > 0);
            producer.ctrlC();
            assertThat(producer.awaitExit(Duration.ofSeconds(60))).as(producer.output()).isZero();
            Matcher m = Pattern.compile("check: generated (\\d+) == acked \\1 \\+ dropped 0: OK").matcher(
                    producer.output());
            assertThat(m.find()).as(producer.output()).isTrue();
            long generated = Long.parseLong(m.group(1));
            await("every message is stored by one of the two").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> stored(shell, 8080) + stored(shell, portB) >= generated);
            assertThat(stored(shell, 8080) + stored(shell, portB)).isEqualTo(generated);
            a.sigterm();
            b.sigterm();
            assertThat(a.awaitExit(Duration.ofSeconds(60))).as(a.output()).isZero();
            assertThat(b.awaitExit(Duration.ofSeconds(60))).as(b.output()).isZero();
            assertThat(a.output() + b.output()).contains("kafka intake: assigned [burstpipe.messages-");
            Command stop = shell.run(BROKER_STOP, Duration.ofSeconds(60));
            assertThat(stop.exitValue()).as(stop.output()).isZero();
        }
    }

    @Test
    void loadTesting() throws Exception {
        Path home = home("loadtest");
        // find-max: steps of 3 s, at most 4 of them (the flags' defaults are 10 s and 12)
        try (NetnsShell shell = NetnsShell.open(home, Map.of("KAFKA_TEST_DIR", home.resolve("broker").toString(),
                "BURSTPIPE_STEP_DURATION", "3s", "BURSTPIPE_MAX_STEPS", "4"))) {
            Files.writeString(home.resolve("shape.yaml"), readme.block("yaml"));
            Command target = shell.start(TARGET).awaitOutput("consumer ready", Duration.ofSeconds(90));
            for (String command : LOADTESTS) {
                Command run = shell.run(command, Duration.ofSeconds(150));
                assertThat(run.exitValue()).as(run.output()).isZero();
                assertThat(run.output()).contains("lost 0: OK").doesNotContain("threshold FAILED")
                        .doesNotContain("Exception");
            }
            Command findMax = shell.run(FIND_MAX, Duration.ofSeconds(180));
            assertThat(findMax.exitValue()).as(findMax.output()).isZero();
            assertThat(findMax.output()).contains("find-max: highest sustained rate");
            segmentsAndMerge(shell);
            Command faults = shell.run(FAULTS, Duration.ofSeconds(90));
            assertThat(faults.exitValue()).as(faults.output()).isZero();
            assertThat(faults.output()).contains("fault 1 at 5.0 s: store?latency=150ms: done")
                    .containsPattern("fault 2 at 7\\.\\d s: poison=20: answered 4\\d\\d")
                    .contains("fault 3 at 9.0 s: store?latency=1ms: done").contains("lost 0: OK");
            Command kill = shell.run(KILL, Duration.ofSeconds(120));
            assertThat(kill.exitValue()).as(kill.output()).isZero();
            assertThat(kill.output()).containsPattern("fault 1 at 3\\.\\d s: kill: killed pid \\d+ \\(SIGKILL\\)")
                    .containsPattern("fault 3 at \\d+\\.\\d s: term: stopped pid \\d+ \\(SIGTERM\\)")
                    .contains("loss check: acknowledged but not in the store: 0: OK").doesNotContain("Exception");
            compare(shell);
            Command sweepTarget = shell.start(SWEEP_CONSUMER).awaitOutput("consumer ready", Duration.ofSeconds(90));
            Command sweep = shell.run(SWEEP, Duration.ofSeconds(200));
            assertThat(sweep.exitValue()).as(sweep.output()).isZero();
            assertThat(sweep.output()).contains("sweep: recommendation for nothing undelivered, then the lowest p99: "
                    + "overflow=block").contains("the consumer's overflow policy is back to block")
                    .doesNotContain("Exception");
            sweepTarget.sigterm();
            assertThat(sweepTarget.awaitExit(Duration.ofSeconds(60))).as(sweepTarget.output()).isZero();
            target.sigterm();
            assertThat(target.awaitExit(Duration.ofSeconds(60))).as(target.output()).isZero();

            Command endpoint = shell.start("exec java -cp " + ROOT.resolve("e2e-tests/target/test-classes")
                    + " io.burstpipe.readme.IngestEndpoint 9000").awaitOutput("ingest endpoint on", Duration.ofSeconds(30));
            Command other = shell.run(OTHER_ENDPOINT, Duration.ofSeconds(90));
            assertThat(other.exitValue()).as(other.output()).isZero();
            assertThat(other.output()).contains("stored unknown (no consumer /stats)").contains("lost 0: OK");
            endpoint.sigterm();

            Command broker = shell.run(BROKER_START, Duration.ofSeconds(120));
            assertThat(broker.exitValue()).as(broker.output()).isZero();
            Command billing = shell.start(BILLING_CONSUMER).awaitOutput("consumer ready", Duration.ofSeconds(90));
            Command kafka = shell.run(KAFKA_LOADTEST, Duration.ofSeconds(120));
            assertThat(kafka.exitValue()).as(kafka.output()).isZero();
            assertThat(kafka.output()).contains("lost 0: OK").contains("the group's lag back to 0");
            billing.sigterm();
            assertThat(billing.awaitExit(Duration.ofSeconds(60))).as(billing.output()).isZero();
            Command join = shell.run(GROUP_JOIN, Duration.ofSeconds(120));
            assertThat(join.exitValue()).as(join.output()).isZero();
            // the leave at 16 s, or later if the member's start (a fresh JVM) held the timeline past it
            assertThat(join.output()).containsPattern("fault 1 at 2\\.\\d s: join: member 2 started: pid \\d+")
                    .containsPattern("fault 2 at 1\\d\\.\\d s: leave: member 2: stopped pid \\d+ \\(SIGTERM\\)")
                    .containsPattern("group: the consumers' stores hold 10000 of this run's ids together \\(each "
                            + "once\\): first \\d+, member 2 [1-9]\\d*")
                    .contains("loss check: acknowledged but not in the store: 0: OK").doesNotContain("Exception");
            Command marks = shell.run(WATER_MARKS, Duration.ofSeconds(200));
            assertThat(marks.exitValue()).as(marks.output()).isZero();
            assertThat(marks.output()).containsPattern("sweep: 150/50 .* \\d+ +\\d+  \\*")
                    .contains("sweep: recommendation for the group's lag back to 0 soonest after the last send, then "
                            + "the fewest pauses: water-marks=").doesNotContain("Exception");
            shell.run(BROKER_STOP, Duration.ofSeconds(60));
        }
    }

    /** The README's three segments, started together at the time its AT line gives, and their merge. */
    private static void segmentsAndMerge(NetnsShell shell) throws Exception {
        String atLine = Files.readAllLines(ROOT.resolve("README.md")).stream().filter(l -> l.startsWith("AT=$("))
                .findFirst().orElseThrow();
        Command date = shell.run(atLine.replaceFirst("^AT=\\$\\((.*)\\)\\s*(#.*)?$", "$1"), Duration.ofSeconds(10));
        List<String> printed = date.output().lines().filter(l -> !l.isBlank()).toList();
        String at = printed.get(printed.size() - 1).trim(); // after the echoed command
        assertThat(java.time.Instant.parse(at)).isAfter(java.time.Instant.now());
        List<Command> segments = new java.util.ArrayList<>();
        for (String segment : SEGMENTS) {
            segments.add(shell.start(segment, Map.of("AT", at)));
        }
        long sent = 0;
        for (Command c : segments) {
            assertThat(c.awaitExit(Duration.ofSeconds(120))).as(c.output()).isZero();
            assertThat(c.output()).contains("to start at " + at).contains("lost 0: OK");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("summary: (\\d+) records sent")
                    .matcher(c.output());
            assertThat(m.find()).as(c.output()).isTrue();
            sent += Long.parseLong(m.group(1));
        }
        Command merge = shell.run(MERGE, Duration.ofSeconds(60));
        assertThat(merge.exitValue()).as(merge.output()).isZero();
        assertThat(merge.output()).containsPattern("started within \\d{1,3} ms of each other")
                .contains("summary: " + sent + " records sent").contains("lost 0: OK")
                .contains("threshold passed: loss==0").doesNotContain("Exception");
    }

    /**
     * The README's comparison: its store set steady, the same load twice (not worse), the store slowed and the load
     * again (worse, exit status 99), each step the README's own line.
     */
    private static void compare(NetnsShell shell) throws Exception {
        List<String> curls = Files.readAllLines(ROOT.resolve("README.md")).stream().filter(l -> l.startsWith("curl ")
                && l.contains("/control/store?")).toList();
        assertThat(curls).hasSize(2);
        assertThat(shell.run(curls.get(0), Duration.ofSeconds(10)).output()).contains("\"latencyMs\":10.0");
        for (String run : COMPARED_RUNS.subList(0, 2)) {
            Command c = shell.run(run, Duration.ofSeconds(90));
            assertThat(c.exitValue()).as(c.output()).isZero();
        }
        Command same = shell.run(COMPARE_SAME, Duration.ofSeconds(60));
        assertThat(same.exitValue()).as(same.output()).isZero();
        // the same load twice: not worse (a rise the runs' own variation allows is said to be inconclusive, exit 0)
        assertThat(same.output()).containsPattern("NEW is not (shown to be )?worse than BASE")
                .doesNotContain("NEW is worse").doesNotContain("Exception");
        assertThat(shell.run(curls.get(1), Duration.ofSeconds(10)).output()).contains("\"latencyMs\":30.0");
        Command slowedRun = shell.run(COMPARED_RUNS.get(2), Duration.ofSeconds(90));
        assertThat(slowedRun.exitValue()).as(slowedRun.output()).isZero();
        Command slowed = shell.run(COMPARE_SLOWED, Duration.ofSeconds(60));
        assertThat(slowed.output()).contains("NEW is worse than BASE: p99 +").contains("exit status 99")
                .doesNotContain("Exception");
    }

    @Test
    void benchmarks() throws Exception {
        Path home = home("bench");
        // sizes bounded for CI through the flags' variables; the README's figures come from the defaults
        try (NetnsShell shell = NetnsShell.open(home, Map.ofEntries(
                Map.entry("KAFKA_TEST_DIR", home.resolve("broker").toString()),
                Map.entry("BURSTPIPE_MESSAGES", "200000"), Map.entry("BURSTPIPE_ROUNDS", "1"),
                Map.entry("BURSTPIPE_SLOW_SECONDS", "2"), Map.entry("BURSTPIPE_SECONDS", "1"),
                Map.entry("BURSTPIPE_RATES", "2000"), Map.entry("BURSTPIPE_LATENCIES", "10ms"),
                Map.entry("BURSTPIPE_STEP_DURATION", "2s"), Map.entry("BURSTPIPE_IDS", "200000")))) {
            Map<String, String> expected = Map.of(BENCH_PIPELINE, "BoundedPipeline -> writer, store latency 0",
                    BENCH_HTTP, "slow store (4 writers x batch 100 / 10 ms = 40,000 msgs/s limit)",
                    BENCH_KAFKA, "x of Kafka's pair (goal >= 0.8x)",
                    BENCH_LOADTEST, "max sustainable rate (find-max", BENCH_INDEX,
                    "200,000 ids stored in", BENCH_GENERATOR, "x of wrk's rate (goal >= 0.9x)");
            for (String command : List.of(BENCH_PIPELINE, BENCH_HTTP, BENCH_KAFKA, BENCH_LOADTEST, BENCH_INDEX,
                    BENCH_GENERATOR)) {
                Command bench = shell.run(command, Duration.ofSeconds(300));
                assertThat(bench.exitValue()).as(bench.output()).isZero();
                assertThat(bench.output()).as(command).contains(expected.get(command)).doesNotContain("Exception");
                if (command.equals(BENCH_HTTP)) {
                    // wrk is installed here: the ingest figure comes with its anchor from the same consumers
                    assertThat(bench.output())
                            .containsPattern("ingest = \\d+\\.\\d\\dx of wrk's \\(goal >= 0\\.9x\\)");
                }
            }
            shell.run(BROKER_STOP, Duration.ofSeconds(60));
        }
    }

    private static int port(String consumerOutput) {
        Matcher m = Pattern.compile("consumer ready: http://127\\.0\\.0\\.1:(\\d+)/").matcher(consumerOutput);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static long stored(NetnsShell shell, int port) throws Exception {
        String body = shell.httpGet("http://127.0.0.1:" + port + "/stats");
        return body.isBlank() ? 0 : new JsonObject(body).getJsonObject("messages").getLong("stored");
    }
}
