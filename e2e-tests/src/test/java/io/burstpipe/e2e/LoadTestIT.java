package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code burstpipe loadtest} against a real consumer process on loopback, as a user runs them. */
@Timeout(180)
class LoadTestIT {

    private static final String TOKEN = "lt-token";

    @TempDir
    Path dir;

    private ServiceProcess consumer(String... args) throws Exception {
        int port = ServiceProcess.freePort();
        List<String> all = new java.util.ArrayList<>(List.of("--store-dir", dir.resolve("store").toString(),
                "--control-token", TOKEN));
        all.addAll(List.of(args));
        return ServiceProcess.consumer(dir, port, all.toArray(String[]::new)).awaitReady(Duration.ofSeconds(60));
    }

    private static String target(ServiceProcess consumer) {
        return "http://127.0.0.1:" + consumer.port;
    }

    private JsonObject result(String out) throws Exception {
        return new JsonObject(Files.readString(dir.resolve(out).resolve("result.json")));
    }

    @Test
    void aSteadyRunShowsProgressChecksLossWritesResultsAndHonoursThresholds() throws Exception {
        try (ServiceProcess consumer = consumer("--store-latency", "1ms", "--store-jitter", "0ms", "--batch-size",
                "100", "--queue-capacity", "1000")) {
            ServiceProcess pass = ServiceProcess.loadtest(dir, "--target", target(consumer), "--profile", "steady",
                    "--rate", "1000", "--duration", "5s", "--warmup", "1s", "--threshold", "loss==0", "--threshold",
                    "rate>=0.99*target", "--threshold", "p99<5s", "--out", dir.resolve("pass").toString());
            assertThat(pass.awaitExit(Duration.ofSeconds(60))).as(pass.log()).isZero();
            String log = pass.log();
            assertThat(log.lines().filter(l -> l.contains("target 1000/s")).count()).isGreaterThanOrEqualTo(4);
            assertThat(log).containsPattern("summary: 5000 records sent, \\d+\\.\\d records/sec")
                    .contains("loss check: sent 5000, acknowledged 5000, stored 5000 (consumer /stats)")
                    .contains("lost 0: OK").contains("threshold passed: loss==0")
                    .contains("threshold passed: rate>=0.99*target").containsPattern("bottleneck: (none|store|transport)");
            JsonObject r = result("pass");
            assertThat(r.getBoolean("passed")).isTrue();
            assertThat(r.getJsonObject("totals").getLong("stored")).isEqualTo(5000);
            assertThat(r.getJsonObject("totals").getLong("lost")).isZero();
            // four measured seconds of corrected latency; warm-up messages are left out of the results
            assertThat(r.getJsonObject("latencyMs").getJsonObject("corrected").getLong("count")).isEqualTo(4000);
            JsonArray series = r.getJsonArray("series");
            assertThat(series.size()).isGreaterThanOrEqualTo(5);
            assertThat(series.getJsonObject(2).getLong("queueCapacity")).isEqualTo(1000);
            assertThat(r.getJsonObject("percentiles").getJsonArray("corrected").size()).isGreaterThan(10);
            // the files other tools read: the series as CSV, and the latency as HdrHistogram's interval log, whose
            // intervals add up to every answer of the run (5000: the warm-up's seconds tagged, the measured ones not)
            List<String> csv = Files.readAllLines(dir.resolve("pass").resolve("series.csv"));
            assertThat(csv.get(0)).startsWith("t,phase,target,sent,acked,");
            assertThat(csv).hasSize(series.size() + 1);
            long logged = 0;
            java.util.Set<String> tags = new java.util.TreeSet<>();
            org.HdrHistogram.HistogramLogReader hlog = new org.HdrHistogram.HistogramLogReader(
                    dir.resolve("pass").resolve("latency.hlog").toString());
            for (org.HdrHistogram.EncodableHistogram h = hlog.nextIntervalHistogram(); h != null;
                 h = hlog.nextIntervalHistogram()) {
                logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
                tags.add(String.valueOf(h.getTag())); // measured seconds untagged: "null"
            }
            hlog.close();
            assertThat(logged).isEqualTo(5000);
            assertThat(tags).contains("warmup", "null");
            assertThat(r.getJsonObject("bottleneck").getJsonObject("figures").getDouble("storeUtilisation"))
                    .isBetween(0.0, 1.0);

            ServiceProcess fail = ServiceProcess.loadtest(dir, "--target", target(consumer), "--profile", "steady",
                    "--rate", "500", "--duration", "3s", "--threshold", "p99<0.001ms", "--threshold", "loss==0",
                    "--out", dir.resolve("fail").toString());
            assertThat(fail.awaitExit(Duration.ofSeconds(60))).as(fail.log()).isEqualTo(99);
            assertThat(fail.log()).contains("threshold FAILED: p99<0.001ms: p99 = ")
                    .contains("threshold passed: loss==0");
            assertThat(result("fail").getBoolean("passed")).isFalse();

            long started = System.nanoTime();
            ServiceProcess abort = ServiceProcess.loadtest(dir, "--target", target(consumer), "--profile", "steady",
                    "--rate", "500", "--duration", "60s", "--threshold", "p99<0.001ms", "--abort-on-fail",
                    "--out", dir.resolve("abort").toString());
            assertThat(abort.awaitExit(Duration.ofSeconds(45))).as(abort.log()).isEqualTo(99);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
            assertThat(abort.log()).contains("aborting: threshold failed: p99<0.001ms")
                    .contains("lost 0: OK");
            assertThat(result("abort").getString("aborted")).startsWith("threshold failed");
        }
    }

    @Test
    void anyEndpointThatTakesTheBatchesCanBeTheTargetWithoutLookingInside() throws Exception {
        try (ServiceProcess consumer = consumer("--store-latency", "0", "--store-jitter", "0ms")) {
            ServiceProcess run = ServiceProcess.loadtest(dir, "--target", target(consumer) + "/", "--path",
                    "/messages", "--consumer", "none", "--profile", "steady", "--rate", "500", "--duration", "2s",
                    "--threshold", "loss==0", "--out", dir.resolve("foreign").toString());
            assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.log()).isZero();
            assertThat(run.log()).contains("to " + target(consumer) + "/messages")
                    .contains("loss check: sent 1000, acknowledged 1000, stored unknown (no consumer /stats)")
                    .containsPattern("bottleneck: (unknown|transport|producer): ")
                    .doesNotContain("| queue ").doesNotContain("Little's law");
            assertThat(consumer.stats().getJsonObject("messages").getLong("stored")).isEqualTo(1000);
        }
        ServiceProcess nobody = ServiceProcess.loadtest(dir, "--target", "http://127.0.0.1:"
                + ServiceProcess.freePort(), "--duration", "2s", "--out", dir.resolve("nobody").toString());
        assertThat(nobody.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(nobody.log()).contains("nothing listens there");
    }

    @Test
    void aConsumerStalledForASecondShowsInTheCorrectedLatencyNotInTheServiceTime() throws Exception {
        try (ServiceProcess consumer = consumer("--store-latency", "0", "--store-jitter", "0ms")) {
            // one message per request, one request at a time: a closed-loop tool would see one slow request
            ServiceProcess run = ServiceProcess.loadtest(dir, "--target", target(consumer), "--profile", "steady",
                    "--rate", "100", "--duration", "12s", "--batch-size", "1", "--linger", "0", "--max-inflight", "1",
                    "--out", dir.resolve("stall").toString());
            await("the run is under way").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> run.log().contains("    4s measure"));
            assertThat(consumer.control("pause", TOKEN)).isEqualTo(200);
            Thread.sleep(1000); // the stall under test: the store takes nothing for one second
            assertThat(consumer.control("resume", TOKEN)).isEqualTo(200);
            assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.log()).isZero();
            JsonObject latency = result("stall").getJsonObject("latencyMs");
            JsonObject corrected = latency.getJsonObject("corrected");
            JsonObject service = latency.getJsonObject("service");
            assertThat(corrected.getLong("count")).isEqualTo(1200);
            // about 100 messages were due during the stall: the slowest waited about the whole second
            assertThat(corrected.getDouble("max")).as(run.log()).isGreaterThan(900.0);
            assertThat(corrected.getDouble("p99.9")).isGreaterThan(800.0);
            assertThat(corrected.getDouble("p95")).isGreaterThan(300.0);
            // uncorrected, the stall is one request in 1200: it shows in max but not at p99 (p99.9 is the second
            // slowest of 1200, so one fsync or GC pause of a busy machine besides the stall would decide it)
            assertThat(service.getDouble("max")).isGreaterThan(900.0);
            assertThat(service.getDouble("p99")).isLessThan(300.0);
        }
    }

    @Test
    void aBacklogBuiltWhilePausedDrainsAndIsCounted() throws Exception {
        try (ServiceProcess consumer = consumer("--store-latency", "2ms", "--batch-size", "100",
                "--queue-capacity", "5000")) {
            ServiceProcess run = ServiceProcess.loadtest(dir, "--target", target(consumer), "--control-token", TOKEN,
                    "--backlog-messages", "2000", "--rate", "4000", "--batch-size", "100",
                    "--out", dir.resolve("backlog").toString());
            assertThat(run.awaitExit(Duration.ofSeconds(90))).as(run.log()).isZero();
            assertThat(run.log()).contains("consumer paused; sending the backlog")
                    .contains("2000 messages waiting; consumer resumed")
                    .containsPattern("backlog: 2000 of 2000 messages waiting at resume; 2000 stored from the resume "
                            + "until drained in \\d+\\.\\d{3} s \\(drain rate \\d+ msgs/s\\)");
            JsonObject r = result("backlog");
            JsonObject backlog = r.getJsonObject("backlog");
            assertThat(backlog.getLong("atResume")).isEqualTo(2000);
            assertThat(backlog.getLong("storedAfterResume")).isEqualTo(2000);
            assertThat(backlog.getBoolean("drained")).isTrue();
            assertThat(backlog.getDouble("drainSeconds")).isPositive();
            assertThat(r.getJsonObject("totals").getLong("stored")).isEqualTo(2000);
            // the curve shows the queue filling while paused, then emptying
            JsonArray curve = backlog.getJsonArray("curve");
            long peak = curve.stream().mapToLong(o -> ((JsonObject) o).getLong("queueDepth")).max().orElse(0);
            assertThat(peak).isGreaterThanOrEqualTo(1500);
            assertThat(consumer.stats().getBoolean("paused")).isFalse();
        }
    }

    @Test
    void findMaxReportsTheHighestRateUnderTheLatencyBoundWithEvidence() throws Exception {
        // 1 writer x 10 messages per 10 ms write: at most 1000 msgs/s
        try (ServiceProcess consumer = consumer("--store-latency", "10ms", "--store-jitter", "0ms", "--batch-size",
                "10", "--queue-capacity", "100000")) {
            ServiceProcess run = ServiceProcess.loadtest(dir, "--target", target(consumer), "--find-max", "--rate",
                    "250", "--step-duration", "3s", "--latency-bound", "300ms", "--max-steps", "5",
                    "--out", dir.resolve("max").toString());
            assertThat(run.awaitExit(Duration.ofSeconds(150))).as(run.log()).isZero();
            JsonObject findMax = result("max").getJsonObject("findMax");
            double max = findMax.getDouble("maxRate");
            assertThat(max).as(run.log()).isBetween(250.0, 1000.0);
            JsonArray steps = findMax.getJsonArray("steps");
            assertThat(steps.size()).isBetween(3, 5);
            assertThat(steps.stream().map(o -> (JsonObject) o).anyMatch(s -> !s.getBoolean("passed"))).isTrue();
            assertThat(run.log()).containsPattern("find-max: highest sustained rate \\d+ msgs/s")
                    .contains("bottleneck at ");
        }
    }
}
