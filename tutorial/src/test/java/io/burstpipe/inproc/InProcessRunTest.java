package io.burstpipe.inproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.profile.ProfileSettings;
import io.burstpipe.store.EmbeddedStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class InProcessRunTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    private InProcessConfig config(Duration duration, long messages, ProfileSettings profile, Duration storeLatency,
                                   double failureRate, int batch, int writers) {
        return new InProcessConfig(duration, messages, 1, writers, 10, batch, profile, 1, dir, storeLatency,
                Duration.ZERO, failureRate, Duration.ofSeconds(30), Duration.ofMillis(200));
    }

    @Test
    @Timeout(120)
    void aHundredThousandMessageBurstIntoCapacityTenAllArriveOnce() throws Exception {
        // a burst far above what the store takes: 1 ms per batch of 100 on 2 writers is ~200k/s at best
        InProcessConfig config = config(Duration.ZERO, 100_000, ProfileSettings.steady(1_000_000),
                Duration.ofMillis(1), 0.05, 100, 2);
        RunSummary summary = new InProcessRun(config, "burst", out).run();

        assertThat(summary.ok()).as(output.toString()).isTrue();
        assertThat(summary.produced()).isEqualTo(100_000);
        assertThat(summary.storedCounted()).isEqualTo(100_000);
        assertThat(summary.highWaterMark()).isEqualTo(10);
        assertThat(summary.producerBlockedMillis()).isPositive();
        assertThat(summary.failedWrites()).isPositive(); // failed batches were retried, not lost
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.count()).isEqualTo(100_000);
        }
        // no duplicates: one record per id on disk
        try (var lines = Files.lines(dir.resolve(EmbeddedStore.LOG_FILE))) {
            assertThat(lines.count()).isEqualTo(100_000);
        }
        assertThat(output.toString()).contains("check: produced 100000 == stored 100000 (ids counted in the store): OK");
    }

    @Test
    @Timeout(60)
    void stopMidBurstDrainsWithinTheBoundAndLosesNothing() throws Exception {
        InProcessConfig config = config(Duration.ZERO, 0, ProfileSettings.burst(100, 20_000, 1000, 500),
                Duration.ofMillis(5), 0.0, 10, 1);
        InProcessRun run = new InProcessRun(config, "stop", out);
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(() -> {
            try {
                return run.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> output.toString().contains("high-water=10"));
        run.stop();
        RunSummary summary = result.get(config.drainTimeout().toSeconds() + 10, TimeUnit.SECONDS);

        assertThat(summary.ok()).as(output.toString()).isTrue();
        assertThat(summary.produced()).isPositive().isEqualTo(summary.storedCounted());
        assertThat(summary.drainMillis()).isLessThan(config.drainTimeout().toMillis());
        assertThat(run.finished().isSet()).isTrue();
    }

    @Test
    @Timeout(60)
    void printsAStatusLinePerInterval() throws Exception {
        InProcessConfig config = config(Duration.ofMillis(1200), 0, ProfileSettings.steady(500), Duration.ZERO, 0.0, 10, 1);
        RunSummary summary = new InProcessRun(config, "status", out).run();
        assertThat(summary.ok()).isTrue();
        assertThat(output.toString().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d: produced=\\d+ stored=\\d+ "
                + "queue=\\d+/10 high-water=\\d+ blocked=\\d+ms store-p99=\\d+\\.\\dms")))
                .hasSizeGreaterThanOrEqualTo(3);
    }
}
