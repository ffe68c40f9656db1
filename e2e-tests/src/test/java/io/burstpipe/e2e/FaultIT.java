package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A consumer killed or stopped mid-burst (embedded store and PostgreSQL): with producer retries,
 * nothing acknowledged is lost or doubled.
 */
@Timeout(180)
class FaultIT {

    @TempDir
    Path dir;

    private static final String[] PRODUCE = {"--profile", "steady", "--rate", "3000", "--messages", "15000",
            "--batch-size", "100", "--window", "4", "--retry-max", "300ms"};

    private static String[] with(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void sigkillMidBurstThenRestartLosesAndDoublesNothing(StoreKind kind) throws Exception {
        try (StoreKind.Store store = kind.prepare(dir, "kill")) {
            String[] consumerArgs = store.with("--store-latency", "2ms", "--batch-size", "50", "--queue-capacity", "200");
            int port = ServiceProcess.freePort();
            String log;
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, PRODUCE)) {
                try (ServiceProcess first = ServiceProcess.consumer(dir, port, consumerArgs)) {
                    first.awaitReady(Duration.ofSeconds(30));
                    await("consumer stored some").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> first.stats().getJsonObject("messages").getLong("stored") > 2000);
                    first.sigkill();
                    first.awaitExit(Duration.ofSeconds(10));
                }
                await("producer notices").atMost(Duration.ofSeconds(30))
                        .until(() -> producer.stats().getJsonObject("batches").getLong("unavailable") > 0);
                try (ServiceProcess second = ServiceProcess.consumer(dir, port, consumerArgs)) {
                    second.awaitReady(Duration.ofSeconds(30));
                    assertThat(producer.awaitExit(Duration.ofSeconds(120))).as(producer.log()).isZero();
                    second.sigterm();
                    assertThat(second.awaitExit(Duration.ofSeconds(40))).as(second.log()).isZero();
                }
                log = producer.log();
            }
            ProducerSummary summary = ProducerSummary.parse(log);
            assertThat(summary.generated()).isEqualTo(15000);
            assertThat(summary.acked()).isEqualTo(15000);
            StoreCheck.Counts counts = store.counts(ProducerSummary.producerId(log));
            assertThat(counts.ids()).isEqualTo(15000);
            assertThat(counts.records()).as("one record per id").isEqualTo(15000);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void sigtermMidBurstExitsWithinTheBoundAndEverythingAcknowledgedIsStored(StoreKind kind) throws Exception {
        try (StoreKind.Store store = kind.prepare(dir, "term")) {
            int port = ServiceProcess.freePort();
            try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, store.with("--store-latency", "10ms",
                    "--queue-capacity", "500", "--batch-size", "50", "--drain-timeout", "20s"));
                 ServiceProcess producer = ServiceProcess.producer(dir, port, with(PRODUCE, "--drain-timeout", "3s"))) {
                consumer.awaitReady(Duration.ofSeconds(30));
                await("consumer busy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> consumer.stats().getJsonObject("queue").getInteger("depth") > 100);
                long stopAt = System.nanoTime();
                consumer.sigterm();
                assertThat(consumer.awaitExit(Duration.ofSeconds(30))).as(consumer.log()).isZero();
                long stopMillis = (System.nanoTime() - stopAt) / 1_000_000;
                assertThat(stopMillis).as("stop took").isLessThan(25_000);
                assertThat(consumer.log()).contains("SIGTERM received: stopping").contains("consumer stopped in");
                producer.sigterm();
                int producerStatus = producer.awaitExit(Duration.ofSeconds(60));
                ProducerSummary summary = ProducerSummary.parse(producer.log());
                StoreCheck.Counts counts = store.counts(ProducerSummary.producerId(producer.log()));
                assertThat(summary.acked()).isPositive();
                assertThat(counts.ids()).as("stored >= acknowledged").isGreaterThanOrEqualTo(summary.acked());
                assertThat(counts.records()).isEqualTo(counts.ids());
                assertThat(summary.unsent()).as("what the producer could not deliver is reported").isPositive();
                assertThat(producerStatus).isEqualTo(1);
            }
        }
    }
}
