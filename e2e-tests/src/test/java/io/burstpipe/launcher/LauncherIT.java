package io.burstpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: real processes, real signals, exit statuses. */
@Timeout(120)
class LauncherIT {

    private static final Path JAR = Path.of(System.getProperty("burstpipe.jar", "../launcher/target/burstpipe.jar"));

    @TempDir
    Path dir;

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    private static int waitFor(Process process, long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process still running after " + seconds + " s");
        }
        return process.exitValue();
    }

    @Test
    void inProcessModeRunsForItsDurationAndChecksTheStore() throws Exception {
        Process run = start("run", "--duration", "4s", "--store-dir", "store");
        assertThat(waitFor(run, 60)).as(output()).isZero();
        String out = output();
        assertThat(out.lines().filter(l -> l.contains(": produced=")).count()).isGreaterThanOrEqualTo(3);
        assertThat(out).containsPattern("check: produced (\\d+) == stored \\1 \\(ids counted in the store\\): OK");
        assertThat(dir.resolve("store/messages.log")).isNotEmptyFile();
    }

    @Test
    void sigtermStopsTheRunWhichDrainsAndChecksBeforeExiting() throws Exception {
        Process run = start("run", "--store-dir", "store", "--peak-rate", "20000");
        await().atMost(Duration.ofSeconds(30)).until(() -> output().contains("high-water=10"));
        run.destroy(); // SIGTERM
        int status = waitFor(run, 45);
        String out = output();
        assertThat(status).as(out).isEqualTo(143);
        assertThat(out).contains("stopping: producers stop")
                .containsPattern("check: produced (\\d+) == stored \\1 \\(ids counted in the store\\): OK");
    }

    @Test
    void daemonThreadScenarioExitsWithoutWaitingForTheDaemon() throws Exception {
        Process scenario = start("scenario", "daemon-thread");
        // had the JVM waited for the daemon, it would have logged "finishing" 2 s in before exiting
        assertThat(scenario.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(scenario.exitValue()).isZero();
        assertThat(output()).contains("Main    : all done").doesNotContain("Thread 1: finishing");
    }

    @Test
    void singleThreadScenarioProcessWaitsForItsThread() throws Exception {
        Process scenario = start("scenario", "single-thread");
        assertThat(waitFor(scenario, 30)).isZero();
        String out = output();
        assertThat(out.indexOf("Main    : all done")).isLessThan(out.indexOf("Thread 1: finishing"));
    }

    @Test
    void badFlagsExitTwo() throws Exception {
        Process bad = start("run", "--queue-capacity", "-3");
        assertThat(waitFor(bad, 30)).isEqualTo(2);
        assertThat(output()).startsWith("--queue-capacity must be between 1 and 1000000 (was -3)");
    }
}
