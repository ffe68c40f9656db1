package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windowed thresholds against a real consumer that stalls for 5 s, by construction: 10 s at 2000 msgs/s (the first
 * 3 s a warm-up), 8 s at 20 msgs/s with the consumer's writers paused for 5 s in the middle, 10 s at 2000 msgs/s.
 * About 100 of 40,000 messages wait for the stall, so the whole-run p99 stays low; the 5 s windows around the
 * stall's answers fail.
 */
@Timeout(180)
class WindowedThresholdIT {

    private static final String TOKEN = "window-token";
    private static final String[] LOAD = {"--profile", "stages", "--stages", "10s:2000,8s:20,10s:2000",
            "--batch-size", "20", "--warmup", "3s", "--threshold", "p99<500ms", "--threshold", "p99[5s]<500ms"};

    @TempDir
    Path dir;

    /** Runs the load against a fresh consumer, pausing its writers from 12 s to 17 s of the run. */
    private ServiceProcess stalledRun(String name, String... extra) throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, "--store-dir",
                dir.resolve(name + "-store").toString(), "--control-token", TOKEN, "--store-latency", "1ms",
                "--store-jitter", "0ms", "--batch-size", "100", "--queue-capacity", "1000")
                .awaitReady(Duration.ofSeconds(60))) {
            String[] args = new String[LOAD.length + extra.length + 4];
            System.arraycopy(new String[] {"--target", "http://127.0.0.1:" + port, "--out",
                    dir.resolve(name).toString()}, 0, args, 0, 4);
            System.arraycopy(LOAD, 0, args, 4, LOAD.length);
            System.arraycopy(extra, 0, args, 4 + LOAD.length, extra.length);
            ServiceProcess load = ServiceProcess.loadtest(dir, args);
            awaitSecond(load, 12);
            assertThat(consumer.control("pause", TOKEN)).isEqualTo(200);
            awaitSecond(load, 17);
            assertThat(consumer.control("resume", TOKEN)).isEqualTo(200);
            load.awaitExit(Duration.ofSeconds(90));
            return load;
        }
    }

    /** Until the load test's progress line for second {@code t} of the run is out. */
    private static void awaitSecond(ServiceProcess load, int t) {
        Awaitility.await("second " + t + " of the run").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (!load.isAlive()) {
                        throw new AssertionError("the load test ended early:\n" + load.log());
                    }
                    return load.log().contains(String.format(" %4ds measure", t));
                });
    }

    @Test
    void aFiveSecondStallFailsTheWindowedP99ThatTheWholeRunP99Hides() throws Exception {
        ServiceProcess run = stalledRun("whole");
        String log = run.log();
        assertThat(run.awaitExit(Duration.ofSeconds(5))).as(log).isEqualTo(99);
        assertThat(log).containsPattern("threshold passed: p99<500ms: p99 = \\d+\\.\\d\\d ms")
                .containsPattern("threshold FAILED: p99\\[5s\\]<500ms: \\d+ of \\d+ windows of 5 s failed; worst "
                        + "p99 = \\d{4,}\\.\\d\\d ms in \\d+ s\\.\\.\\d+ s")
                .contains("loss check: sent").contains("lost 0: OK");
    }

    @Test
    void abortOnFailStopsTheRunAtTheFirstFailedWindow() throws Exception {
        ServiceProcess run = stalledRun("abort", "--abort-on-fail");
        String log = run.log();
        assertThat(run.awaitExit(Duration.ofSeconds(5))).as(log).isEqualTo(99);
        assertThat(log).containsPattern("aborting: threshold failed: p99\\[5s\\]<500ms: p99 = \\d{4,}\\.\\d\\d ms in "
                + "the window \\d+ s\\.\\.\\d+ s");
        assertThat(log).as("stopped before the last stage ran out").doesNotContain(" 26s measure");
    }
}
