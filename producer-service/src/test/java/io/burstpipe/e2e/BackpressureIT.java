package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real producer and consumer processes on loopback, a slow store, and a burst far above what it can
 * take: under each overflow policy, what arrives, what is dropped, and that nothing is lost or doubled.
 */
@Timeout(180)
class BackpressureIT {

    @TempDir
    Path dir;

    /** A store of ~450 msgs/s (1 writer x batch 10 / ~22 ms); the burst is 20x that for half a second. */
    private static final String[] SLOW_STORE = {"--store-latency", "20ms", "--store-jitter", "0ms", "--batch-size", "10",
            "--writers", "1", "--queue-capacity", "100"};
    private static final String[] BURST = {"--profile", "spike", "--rate", "20", "--peak-rate", "9000",
            "--spike-at", "1s", "--spike-duration", "500ms", "--batch-size", "50", "--window", "4"};

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void blockPolicyHoldsTheProducerBackAndLosesNothingOnTheEmbeddedStore() throws Exception {
        int port = ServiceProcess.freePort();
        Path store = dir.resolve("store");
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port,
                concat(SLOW_STORE, "--store-dir", store.toString(), "--overflow", "block"))) {
            consumer.awaitReady(Duration.ofSeconds(30));
            ProducerSummary summary;
            String producerId;
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, concat(BURST, "--duration", "20s"))) {
                double peakDelayMs = watchSendDelayRiseAndRecover(producer);
                assertThat(peakDelayMs).as("send delay at the height of the burst").isGreaterThan(1000);
                assertThat(producer.awaitExit(Duration.ofSeconds(90))).as(producer.log()).isZero();
                summary = ProducerSummary.parse(producer.log());
                producerId = ProducerSummary.producerId(producer.log());
            }
            JsonObject stats = consumer.stats();
            assertThat(stats.getJsonObject("queue").getInteger("highWater")).isEqualTo(100);
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(40))).as(consumer.log()).isZero();
            assertThat(summary.generated()).isGreaterThan(4000);
            assertThat(summary.acked()).isEqualTo(summary.generated());
            StoreCheck.Counts counts = StoreCheck.embedded(store, producerId);
            assertThat(counts.ids()).as("ids stored").isEqualTo(summary.generated());
            assertThat(counts.records()).as("records written (duplicates would add more)").isEqualTo(counts.ids());
        }
    }

    /** Polls the producer's one-second send-delay p99: it must climb during the burst and fall after it. */
    private static double watchSendDelayRiseAndRecover(ServiceProcess producer) {
        AtomicLong peak = new AtomicLong();
        producer.awaitReady(Duration.ofSeconds(30));
        await("send delay rises, then recovers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonObject delay = producer.stats().getJsonObject("sendDelayMs");
                    double p99 = delay.getDouble("p99");
                    peak.accumulateAndGet((long) p99, Math::max);
                    return peak.get() > 1000 && delay.getLong("count") > 0 && p99 < 100;
                });
        return peak.get();
    }

    @Test
    void blockPolicyOnPostgres() throws Exception {
        StoreCheck.requirePostgres();
        String table = "bp_block_" + ProcessHandle.current().pid();
        StoreCheck.dropTable(table);
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, concat(SLOW_STORE, "--store", "postgres",
                "--pg-url", StoreCheck.PG_URL, "--pg-table", table))) {
            consumer.awaitReady(Duration.ofSeconds(30));
            String producerId;
            ProducerSummary summary;
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, concat(BURST, "--duration", "3s"))) {
                assertThat(producer.awaitExit(Duration.ofSeconds(90))).as(producer.log()).isZero();
                summary = ProducerSummary.parse(producer.log());
                producerId = ProducerSummary.producerId(producer.log());
            }
            assertThat(consumer.stats().getJsonObject("queue").getInteger("highWater")).isEqualTo(100);
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(40))).as(consumer.log()).isZero();
            StoreCheck.Counts counts = StoreCheck.postgres(table, producerId);
            assertThat(summary.acked()).isEqualTo(summary.generated()).isGreaterThan(4000);
            assertThat(counts.ids()).isEqualTo(summary.generated());
            assertThat(counts.records()).isEqualTo(counts.ids());
        } finally {
            StoreCheck.dropTable(table);
        }
    }

    @Test
    void rejectPolicyAnswers429AndTheProducerRetriesUntilEverythingIsStored() throws Exception {
        int port = ServiceProcess.freePort();
        Path store = dir.resolve("store");
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port,
                concat(SLOW_STORE, "--store-dir", store.toString(), "--overflow", "reject"))) {
            consumer.awaitReady(Duration.ofSeconds(30));
            ProducerSummary summary;
            String producerId;
            String log;
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, concat(BURST, "--duration", "3s",
                    "--retry-max", "200ms"))) {
                assertThat(producer.awaitExit(Duration.ofSeconds(120))).as(producer.log()).isZero();
                log = producer.log();
                summary = ProducerSummary.parse(log);
                producerId = ProducerSummary.producerId(log);
            }
            assertThat(consumer.stats().getJsonObject("messages").getLong("rejected")).isPositive();
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(40))).isZero();
            assertThat(summary.acked()).isEqualTo(summary.generated());
            StoreCheck.Counts counts = StoreCheck.embedded(store, producerId);
            assertThat(counts.ids()).isEqualTo(summary.generated());
            assertThat(counts.records()).isEqualTo(counts.ids());
        }
    }

    @Test
    void dropPoliciesCountEveryDropAndStoredPlusDroppedIsGenerated() throws Exception {
        for (String policy : new String[] {"drop-newest", "drop-oldest"}) {
            int port = ServiceProcess.freePort();
            Path store = dir.resolve("store-" + policy);
            try (ServiceProcess consumer = ServiceProcess.consumer(dir, port,
                    concat(SLOW_STORE, "--store-dir", store.toString(), "--overflow", policy))) {
                consumer.awaitReady(Duration.ofSeconds(30));
                ProducerSummary summary;
                String producerId;
                try (ServiceProcess producer = ServiceProcess.producer(dir, port, concat(BURST, "--duration", "3s"))) {
                    assertThat(producer.awaitExit(Duration.ofSeconds(90))).as(producer.log()).isZero();
                    summary = ProducerSummary.parse(producer.log());
                    producerId = ProducerSummary.producerId(producer.log());
                }
                JsonObject messages = consumer.stats().getJsonObject("messages");
                consumer.sigterm();
                assertThat(consumer.awaitExit(Duration.ofSeconds(40))).isZero();
                StoreCheck.Counts counts = StoreCheck.embedded(store, producerId);
                assertThat(summary.dropped()).as(policy + " dropped").isPositive();
                assertThat(messages.getLong("dropped")).as(policy + " dropped at the consumer").isEqualTo(summary.dropped());
                assertThat(counts.ids() + summary.dropped()).as(policy + " stored + dropped").isEqualTo(summary.generated());
                assertThat(counts.records()).isEqualTo(counts.ids());
            }
        }
    }
}
