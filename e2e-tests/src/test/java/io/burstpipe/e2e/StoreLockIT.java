package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One process at a time per embedded store directory: a second one refuses, names the holder and writes nothing. */
@Timeout(120)
class StoreLockIT {

    @TempDir
    Path dir;

    @Test
    void aSecondConsumerOnTheSameStoreDirRefusesNamingTheHolderAndWritesNothing() throws Exception {
        Path store = dir.resolve("shared");
        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        try (ServiceProcess a = ServiceProcess.consumer(dir, portA, "--store-dir", store.toString())) {
            a.awaitReady(Duration.ofSeconds(60));
            // the first one has replayed its log (opening and closing the file again): its lock must still hold
            Path log = store.resolve("messages.log");
            long size = Files.size(log);
            FileTime modified = Files.getLastModifiedTime(log);
            try (ServiceProcess b = ServiceProcess.consumer(dir, portB, "--store-dir", store.toString())) {
                assertThat(b.awaitExit(Duration.ofSeconds(60))).as(b.log()).isEqualTo(1);
                assertThat(b.log()).contains("consumer: store directory " + store + " is in use by another process "
                        + "(pid " + a.pid() + ", since ").contains("); stop it or choose another --store-dir")
                        .doesNotContain("consumer ready").doesNotContain("Exception");
            }
            assertThat(Files.size(log)).isEqualTo(size);
            assertThat(Files.getLastModifiedTime(log)).isEqualTo(modified);
            assertThat(a.status("/health/ready")).isEqualTo(200);
            a.sigterm();
            assertThat(a.awaitExit(Duration.ofSeconds(45))).isZero();
        }
        // once the holder has gone, the directory is free again
        int portC = ServiceProcess.freePort();
        try (ServiceProcess c = ServiceProcess.consumer(dir, portC, "--store-dir", store.toString())) {
            c.awaitReady(Duration.ofSeconds(60));
            c.sigterm();
            assertThat(c.awaitExit(Duration.ofSeconds(45))).isZero();
        }
    }

    @Test
    void twoOverlappingRunsOnOneStoreDirCannotBothPass() throws Exception {
        Path store = dir.resolve("runs");
        try (ServiceProcess first = ServiceProcess.start("run-a", dir, Map.of(), -1,
                java.util.List.of("run", "--store-dir", store.toString(), "--duration", "15s"))) {
            await("the first run is producing").atMost(Duration.ofSeconds(30))
                    .until(() -> first.log().contains("produced="));
            try (ServiceProcess second = ServiceProcess.start("run-b", dir, Map.of(), -1,
                    java.util.List.of("run", "--store-dir", store.toString(), "--duration", "2s"))) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.log()).isEqualTo(1);
                assertThat(second.log()).startsWith("run: store directory " + store + " is in use by another process "
                        + "(pid " + first.pid() + ", since ").doesNotContain("produced=").doesNotContain("Exception");
            }
            assertThat(first.awaitExit(Duration.ofSeconds(60))).as(first.log()).isZero();
            assertThat(first.log()).containsPattern("check: produced (\\d+) == stored \\1 \\(ids counted in the store\\): OK");
        }
    }
}
