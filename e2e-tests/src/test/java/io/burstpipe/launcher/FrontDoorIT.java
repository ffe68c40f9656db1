package io.burstpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./burstpipe} as a user meets it: the command list, help and version, and what happens when a port is taken
 * or the target cannot be reached. Every run goes through the launcher script as a real process.
 */
@Timeout(180)
class FrontDoorIT {

    private static final Path ROOT = Path.of(System.getProperty("burstpipe.root", "..")).toAbsolutePath().normalize();
    private static final String COMMANDS = "up, run, scenario, consumer, producer, loadtest, bench, version, help";

    @TempDir
    Path dir;

    private record Run(Process process, Path output) {
        String text() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        int exit(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + seconds + " s:\n" + text());
            }
            return process.exitValue();
        }
    }

    private Run start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("burstpipe").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BURSTPIPE_"));
        return new Run(builder.start(), output);
    }

    @Test
    void oneListOfCommandsEverywhere() throws Exception {
        Run bare = start();
        assertThat(bare.exit(60)).isEqualTo(2);
        assertThat(bare.text()).startsWith("Missing command; allowed: " + COMMANDS + "\n")
                .contains("Usage: burstpipe [-hV] [COMMAND]");
        for (String[] args : new String[][] {{"--help"}, {"help"}}) {
            Run help = start(args);
            assertThat(help.exit(60)).as(String.join(" ", args)).isZero();
            List<String> listed = Pattern.compile("(?m)^  (\\w+) {2,}").matcher(help.text()).results()
                    .map(r -> r.group(1)).toList();
            assertThat(String.join(", ", listed)).as(String.join(" ", args)).isEqualTo(COMMANDS);
        }
        for (String[] args : new String[][] {{"version"}, {"--version"}}) {
            Run version = start(args);
            assertThat(version.exit(60)).isZero();
            assertThat(version.text()).isEqualTo("burstpipe 0.1.0\n");
        }
        Run upHelp = start("up", "--help");
        assertThat(upHelp.exit(60)).isZero();
        assertThat(upHelp.text()).startsWith("Usage: burstpipe up ").contains("--producer-port=PORT")
                .contains("--queue-capacity=N").doesNotContain("ready");
        for (String command : new String[] {"consumer", "producer", "loadtest", "run", "scenario", "bench"}) {
            Run help = start(command, "--help");
            assertThat(help.exit(60)).as(command).isZero();
            assertThat(help.text()).as(command).startsWith("Usage: burstpipe " + command + " ");
        }
    }

    @Test
    void takenPortsAreOneLineAndExitStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            String inUse = "cannot listen on 127.0.0.1:" + port + ": Address already in use";

            Run consumer = start("consumer", "--port", String.valueOf(port), "--store-dir", "c");
            assertThat(consumer.exit(60)).as(consumer.text()).isEqualTo(1);
            assertThat(lines(consumer.text(), "consumer: ")).containsExactly("consumer: " + inUse);
            assertThat(consumer.text()).doesNotContain("Exception").doesNotContain("consumer ready");

            Run producer = start("producer", "--port", String.valueOf(port), "--duration", "1s");
            assertThat(producer.exit(60)).as(producer.text()).isEqualTo(1);
            assertThat(lines(producer.text(), "producer: ")).containsExactly("producer: " + inUse);
            assertThat(producer.text()).doesNotContain("Exception");

            // up must check that *its* consumer bound the port, not that something answers there
            Run up = start("up", "--port", String.valueOf(port), "--store-dir", "u");
            assertThat(up.exit(60)).as(up.text()).isEqualTo(1);
            assertThat(lines(up.text(), "up: ")).containsExactly("up: consumer: " + inUse);
            assertThat(up.text()).doesNotContain("Exception").doesNotContain("dashboard on")
                    .doesNotContain("generated=");

            Run upProducer = start("up", "--port", "0", "--producer-port", String.valueOf(port), "--store-dir", "v");
            assertThat(upProducer.exit(90)).as(upProducer.text()).isEqualTo(1);
            assertThat(upProducer.text()).contains("up: consumer ready; dashboard on http://127.0.0.1:")
                    .contains("up: producer: " + inUse + " (choose another with --producer-port)")
                    .contains("consumer stopped in").doesNotContain("Exception");
        }
    }

    @Test
    void aProducerThatCannotReachItsTargetSaysSoAtOnceAndHonoursItsDuration() throws Exception {
        int nothing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = s.getLocalPort();
        }
        long start = System.nanoTime();
        Run producer = start("producer", "--target", "http://127.0.0.1:" + nothing, "--port", "0", "--duration",
                "3s", "--drain-timeout", "5s");
        await("it says at once that it cannot reach the target").atMost(Duration.ofSeconds(20))
                .until(() -> producer.text().contains("cannot reach http://127.0.0.1:" + nothing));
        assertThat(producer.exit(60)).as(producer.text()).isEqualTo(1);
        double seconds = (System.nanoTime() - start) / 1e9;
        String out = producer.text();
        assertThat(out).contains("Connection refused").contains("UNREACHABLE for")
                .containsPattern("stopping: generation stops, \\d+ batches in flight finish within 5 s")
                .contains("draining: ").contains("could not be reached")
                .containsPattern("summary: generated (\\d+), acked 0 .* unsent \\1;")
                .containsPattern("check: generated \\d+ == acked 0 \\+ dropped 0: FAILED")
                .doesNotContain("Exception");
        // --duration 3s and --drain-timeout 5s, plus the JVM's start: not the 30 s it used to take
        assertThat(seconds).as("seconds until it exited").isLessThan(20);
        Matcher stopping = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d): stopping").matcher(out);
        Matcher sending = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d) INFO .* sending to").matcher(out);
        assertThat(stopping.find() && sending.find()).as(out).isTrue();
        assertThat(clock(stopping) - clock(sending)).as("seconds of generation").isBetween(2, 5);
    }

    private static int clock(Matcher m) {
        return Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3));
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }
}
