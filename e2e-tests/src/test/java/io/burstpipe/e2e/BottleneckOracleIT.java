package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test's bottleneck readout against situations whose answer is known by construction: a real consumer
 * process set up so that one stage is the limit, a real {@code loadtest} process against it, and the stage it
 * names (on the console and in {@code result.json}) checked.
 */
@Timeout(120)
class BottleneckOracleIT {

    private static final String TOKEN = "oracle";

    @TempDir
    Path dir;

    private ServiceProcess consumer(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--store-dir", dir.resolve("store").toString(), "--control-token",
                TOKEN));
        all.addAll(List.of(args));
        return ServiceProcess.consumer(dir, ServiceProcess.freePort(), all.toArray(String[]::new))
                .awaitReady(Duration.ofSeconds(60));
    }

    /** Runs {@code loadtest} to its end and returns its bottleneck readout, checked against the console. */
    private JsonObject bottleneck(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", dir.resolve("out").toString()));
        try (ServiceProcess run = ServiceProcess.loadtest(dir, all.toArray(String[]::new))) {
            assertThat(run.awaitExit(Duration.ofSeconds(90))).as(run.log()).isZero();
            JsonObject b = new JsonObject(Files.readString(dir.resolve("out").resolve("result.json")))
                    .getJsonObject("bottleneck");
            assertThat(run.log()).as(run.log()).contains("bottleneck: " + b.getString("stage") + ": ");
            System.out.println("bottleneck: " + b.getString("stage") + ": " + b.getString("reason") + " | "
                    + b.getString("littlesLaw", "no Little's law"));
            return b;
        }
    }

    private static String target(ServiceProcess consumer) {
        return "http://127.0.0.1:" + consumer.port;
    }

    @Test
    void oneSlowWriterUnderBurstsAboveItsRateIsTheStore() throws Exception {
        // 1 writer, 10 ms per batch of 10: at most 1000 msgs/s, against bursts of 2000/s for 1 s in 5 s: each
        // burst takes the writer about 2 s, then it idles until the next
        try (ServiceProcess c = consumer("--writers", "1", "--batch-size", "10", "--store-latency", "10ms",
                "--store-jitter", "0ms")) {
            JsonObject b = bottleneck("--target", target(c), "--profile", "burst", "--rate", "50", "--peak-rate",
                    "2000", "--burst-on", "1s", "--burst-off", "4s", "--duration", "10s");
            assertThat(b.getString("stage")).as(b.encodePrettily()).isEqualTo("store");
            JsonObject f = b.getJsonObject("figures");
            assertThat(f.getDouble("storeBusyWhileLoaded")).as(b.encodePrettily()).isGreaterThanOrEqualTo(0.9);
            // averaged over the whole run, quiet gaps included, the same writer looks far from saturated
            assertThat(f.getDouble("storeUtilisation")).as(b.encodePrettily()).isLessThan(0.75);
            assertThat(f.getDouble("storeCapacity")).as(b.encodePrettily()).isBetween(400.0, 1000.0);
        }
    }

    @Test
    void aGeneratorThatCannotKeepItsScheduleIsTheProducer() throws Exception {
        // one message per request at 100 million a second, answered at once: no machine of ours keeps that schedule
        JsonObject b = bottleneck("--transport", "noop", "--profile", "steady", "--rate", "100000000",
                "--batch-size", "1", "--duration", "4s");
        assertThat(b.getString("stage")).as(b.encodePrettily()).isEqualTo("producer");
        assertThat(b.getJsonObject("figures").getDouble("sendRate")).isLessThan(0.97 * 100_000_000);
    }

    @Test
    void rejectWithATinyQueueBeforeASlackStoreIsTheQueue() throws Exception {
        try (ServiceProcess c = consumer("--overflow", "reject", "--queue-capacity", "2", "--writers", "4",
                "--store-latency", "0ms", "--store-jitter", "0ms")) {
            JsonObject b = bottleneck("--target", target(c), "--profile", "burst", "--rate", "200", "--peak-rate",
                    "3000", "--burst-on", "1s", "--burst-off", "1s", "--duration", "6s");
            assertThat(b.getString("stage")).as(b.encodePrettily()).isEqualTo("queue");
            assertThat(b.getJsonObject("figures").getLong("rejectedOrDropped")).isPositive();
        }
    }

    @Test
    void oneRequestInFlightBeforeFourIdleWritersIsTheTransport() throws Exception {
        try (ServiceProcess c = consumer("--writers", "4", "--batch-size", "100", "--queue-capacity", "1000",
                "--store-latency", "1ms", "--store-jitter", "0ms")) {
            JsonObject b = bottleneck("--target", target(c), "--profile", "steady", "--rate", "20000", "--batch-size",
                    "10", "--max-inflight", "1", "--duration", "5s");
            assertThat(b.getString("stage")).as(b.encodePrettily()).isEqualTo("transport");
            assertThat(b.getJsonObject("figures").getDouble("delayedShare")).isGreaterThan(0.5);
        }
    }

    @Test
    void aSteadyRunWellBelowCapacityIsNoneAndLittlesLawHolds() throws Exception {
        // one message per write, 1 ms each plus the force to disk: several hundred msgs/s; 300/s in requests of
        // 10 (the linger lets each fill) queue up behind the writer, about 1.5 in the queue on average, and are
        // gone before the next request; a queue with room for ten requests, so none waits for room even when a
        // slow moment leaves one request's last messages queued as the next comes in
        try (ServiceProcess c = consumer("--writers", "1", "--batch-size", "1", "--store-latency", "1ms",
                "--store-jitter", "0ms", "--queue-capacity", "100")) {
            JsonObject b = bottleneck("--target", target(c), "--profile", "steady", "--rate", "300", "--batch-size",
                    "10", "--linger", "100ms", "--duration", "10s");
            assertThat(b.getString("stage")).as(b.encodePrettily()).isEqualTo("none");
            JsonObject little = b.getJsonObject("little");
            double depth = little.getDouble("meanDepth");
            double predicted = little.getDouble("predicted");
            assertThat(depth).as(b.encodePrettily()).isGreaterThan(0.3); // a queue that really held messages
            assertThat(Math.abs(depth - predicted)).as(b.encodePrettily())
                    .isLessThanOrEqualTo(0.2 * Math.max(depth, predicted));
            assertThat(little.getBoolean("holds")).isTrue();
            assertThat(b.getString("littlesLaw")).contains("holds");
        }
    }

    @Test
    void aBacklogDrainIsTheStoreWithARealCapacity() throws Exception {
        try (ServiceProcess c = consumer("--queue-capacity", "5000", "--batch-size", "100", "--store-latency",
                "1ms")) {
            JsonObject b = bottleneck("--target", target(c), "--control-token", TOKEN, "--backlog-messages", "3000",
                    "--rate", "5000", "--batch-size", "100");
            assertThat(b.getString("stage")).as(b.encodePrettily()).isEqualTo("store");
            assertThat(b.getJsonObject("figures").getDouble("storeCapacity")).isPositive();
            assertThat(b.getString("reason")).doesNotContain("-1");
            assertThat(b.getJsonObject("little").getBoolean("holds")).as(b.encodePrettily()).isTrue();
        }
    }
}
