package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real producer and consumer processes on loopback, a slow store (embedded and PostgreSQL), and a
 * burst far above what it can take: under each overflow policy, what arrives, what is dropped, and
 * that nothing is lost or doubled.
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

    record Outcome(ProducerSummary summary, String producerId, JsonObject consumerStats, StoreCheck.Counts counts) {
    }

    /** Runs one producer against one consumer to the end, stops the consumer, and reads its store. */
    private Outcome run(StoreKind.Store store, String[] consumerArgs, String[] producerArgs, boolean watchDelay)
            throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, store.with(consumerArgs))) {
            consumer.awaitReady(Duration.ofSeconds(30));
            String log;
            try (ServiceProcess producer = ServiceProcess.producer(dir, port, producerArgs)) {
                if (watchDelay) {
                    assertThat(watchSendDelayRiseAndRecover(producer)).as("send delay at the height of the burst")
                            .isGreaterThan(1000);
                }
                assertThat(producer.awaitExit(Duration.ofSeconds(120))).as(producer.log()).isZero();
                log = producer.log();
            }
            JsonObject stats = consumer.stats();
            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(40))).as(consumer.log()).isZero();
            String producerId = ProducerSummary.producerId(log);
            return new Outcome(ProducerSummary.parse(log), producerId, stats, store.counts(producerId));
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

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void blockPolicyHoldsTheProducerBackAndLosesNothing(StoreKind kind) throws Exception {
        try (StoreKind.Store store = kind.prepare(dir, "block")) {
            Outcome o = run(store, concat(SLOW_STORE, "--overflow", "block"), concat(BURST, "--duration", "20s"), true);
            assertThat(o.consumerStats().getJsonObject("queue").getInteger("highWater")).isEqualTo(100);
            assertThat(o.summary().generated()).isGreaterThan(4000);
            assertThat(o.summary().acked()).isEqualTo(o.summary().generated());
            assertThat(o.counts().ids()).as("ids stored").isEqualTo(o.summary().generated());
            assertThat(o.counts().records()).as("records written (duplicates would add more)")
                    .isEqualTo(o.counts().ids());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void rejectPolicyAnswers429AndTheProducerRetriesUntilEverythingIsStored(StoreKind kind) throws Exception {
        try (StoreKind.Store store = kind.prepare(dir, "reject")) {
            Outcome o = run(store, concat(SLOW_STORE, "--overflow", "reject"),
                    concat(BURST, "--duration", "3s", "--retry-max", "200ms"), false);
            assertThat(o.consumerStats().getJsonObject("messages").getLong("rejected")).isPositive();
            assertThat(o.summary().acked()).isEqualTo(o.summary().generated()).isGreaterThan(1000); // --duration is wall-clock: the window held generation back
            assertThat(o.counts().ids()).isEqualTo(o.summary().generated());
            assertThat(o.counts().records()).isEqualTo(o.counts().ids());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void dropPoliciesCountEveryDropAndStoredPlusDroppedIsGenerated(StoreKind kind) throws Exception {
        for (String policy : new String[] {"drop-newest", "drop-oldest"}) {
            try (StoreKind.Store store = kind.prepare(dir, policy)) {
                Outcome o = run(store, concat(SLOW_STORE, "--overflow", policy), concat(BURST, "--duration", "3s"),
                        false);
                assertThat(o.summary().dropped()).as(policy + " dropped").isPositive();
                assertThat(o.consumerStats().getJsonObject("messages").getLong("dropped"))
                        .as(policy + " dropped at the consumer").isEqualTo(o.summary().dropped());
                assertThat(o.counts().ids() + o.summary().dropped()).as(policy + " stored + dropped")
                        .isEqualTo(o.summary().generated());
                assertThat(o.counts().records()).isEqualTo(o.counts().ids());
            }
        }
    }
}
