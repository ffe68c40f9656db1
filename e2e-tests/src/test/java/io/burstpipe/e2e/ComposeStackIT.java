package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.e2e.PodmanStack.Container;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docker compose up}, for real: builds both service images from the repository root exactly as compose
 * does, and runs the topology docker-compose.yml describes under podman (see {@link PodmanStack}), on local
 * stand-ins of the base images. Checks the default profile (PostgreSQL, the consumer on HTTP, the producer's
 * bursts, 0 lost or doubled after a graceful stop, a memory-limited consumer surviving a heavy burst) and the
 * kafka profile with three consumers in one group (each with a share of the partitions, one SIGKILLed mid-burst
 * and restarted by the restart policy, every id in PostgreSQL exactly once).
 */
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
class ComposeStackIT {

    private static final Path COMPOSE = PodmanStack.ROOT.resolve("docker-compose.yml");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TOKEN = "container-test";
    private static Path logs;

    @BeforeAll
    @Timeout(value = 25, unit = java.util.concurrent.TimeUnit.MINUTES) // a cold machine builds every stand-in
    static void prepare() throws Exception {
        logs = PodmanStack.ROOT.resolve("target/container-test");
        Files.createDirectories(logs);
        PodmanStack.prepare();
    }

    private static ComposeFile compose() throws Exception {
        // the defaults the file gives, as for a user who sets only the control token
        return ComposeFile.read(COMPOSE, Map.of("BURSTPIPE_CONTROL_TOKEN", TOKEN));
    }

    private static String project(String what) {
        return "bpit-" + what + "-" + ProcessHandle.current().pid();
    }

    @Test
    void defaultProfileRunsABurstyPairOnPostgresAndLosesNothing() throws Exception {
        ComposeFile compose = compose();
        assertThat(compose.startOrder(Set.of())).extracting(ComposeFile.Service::name)
                .containsExactly("postgres", "consumer", "producer");
        try (PodmanStack stack = new PodmanStack(compose, project("default"), Set.of(), logs)) {
            stack.build(compose.service("consumer"));
            stack.build(compose.service("producer"));
            stack.up(Map.of());
            Container consumer = stack.replicas("consumer").get(0);
            Container producer = stack.replicas("producer").get(0);
            stack.awaitHealthy(producer);
            assertThat(stack.logs(consumer)).contains("so the transport is http");
            assertThat(stack.logs(producer)).contains("so the transport is http");

            int port = consumer.hostPort(8080);
            await("bursts flow into the consumer").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> stats(port).getJsonObject("messages").getLong("stored") > 5000);
            JsonObject stats = stats(port);
            assertThat(stats.getJsonObject("queue").getInteger("highWater")).as("a burst filled the queue")
                    .isEqualTo(stats.getJsonObject("queue").getInteger("capacity"));
            PodmanStack.step("published port " + port + ": /stats stored " + stats.getJsonObject("messages")
                    .getLong("stored") + ", queue high-water " + stats.getJsonObject("queue").getInteger("highWater")
                    + "/" + stats.getJsonObject("queue").getInteger("capacity"));
            HttpResponse<String> page = get(port, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("burstpipe");
            assertThat(get(port, "/metrics").body()).contains("burstpipe_queue_depth");

            heavyBurstUnderTheMemoryLimit(stack, compose, consumer);

            assertThat(stack.stop(producer)).as("producer exit status after stop").isZero();
            String producerLog = stack.logs(producer);
            ProducerSummary summary = ProducerSummary.parse(producerLog);
            String producerId = ProducerSummary.producerId(producerLog);
            assertThat(stack.stop(consumer)).as("consumer exit status after stop").isZero();
            assertThat(summary.acked()).isEqualTo(summary.generated()).isPositive();
            long[] rows = rows(stack, producerId);
            PodmanStack.step("producer " + producerId + " generated " + summary.generated() + ", acknowledged "
                    + summary.acked() + "; PostgreSQL holds " + rows[0] + " rows, " + rows[1] + " distinct ids");
            assertThat(rows[0]).as("rows in PostgreSQL == acknowledged").isEqualTo(summary.acked());
            assertThat(rows[1]).as("no id twice").isEqualTo(rows[0]);
        }
    }

    /**
     * A load test from the producer image on the stack's network, well above what the store takes, against the
     * consumer under the file's memory limit: nothing acknowledged is lost, and the kernel does not kill it.
     */
    private static void heavyBurstUnderTheMemoryLimit(PodmanStack stack, ComposeFile compose, Container consumer)
            throws Exception {
        assertThat(consumer.service().memLimitBytes()).as("the consumer has a mem_limit").isPositive();
        PodmanStack.Result run = stack.runOnce(compose.service("producer"), Duration.ofMinutes(3), "loadtest",
                "--target", "http://consumer:8080", "--profile", "steady", "--rate", "20000", "--duration", "2s",
                "--batch-size", "1000", "--max-inflight", "32", "--drain-timeout", "90s", "--threshold", "loss==0");
        Files.writeString(logs.resolve("heavy-burst-loadtest.log"), run.output());
        assertThat(run.exit()).as("loadtest against the memory-limited consumer:\n" + PodmanStack.tail(run.output(), 30))
                .isZero();
        assertThat(run.output()).contains("lost 0: OK");
        assertThat(stack.oomKilled(consumer)).as("OOM-killed").isFalse();
        assertThat(stack.restartCount(consumer)).as("restarts").isZero();
        assertThat(stack.inspect(consumer, "{{.State.Status}}")).isEqualTo("running");
        PodmanStack.step(String.format("heavy burst (40,000 messages in 2 s, batches of 1000) survived: peak memory "
                        + "%d MiB of the %d MiB limit, not OOM-killed, 0 lost", stack.peakMemoryBytes(consumer) >> 20,
                consumer.service().memLimitBytes() >> 20));
    }

    @Test
    void kafkaProfileWithThreeConsumersSharesPartitionsSurvivesAKillAndStoresEveryIdOnce() throws Exception {
        ComposeFile compose = compose();
        assertThat(compose.startOrder(Set.of("kafka"))).extracting(ComposeFile.Service::name)
                .containsExactlyInAnyOrder("postgres", "consumer", "producer", "kafka");
        try (PodmanStack stack = new PodmanStack(compose, project("kafka"), Set.of("kafka"), logs)) {
            stack.build(compose.service("consumer"));
            stack.build(compose.service("producer"));
            stack.up(Map.of("consumer", 3));
            Container kafka = stack.replicas("kafka").get(0);
            Container producer = stack.replicas("producer").get(0);
            List<Container> consumers = stack.replicas("consumer");
            assertThat(consumers).hasSize(3);
            stack.awaitHealthy(kafka);
            stack.awaitHealthy(producer);
            assertThat(stack.logs(producer)).contains("so the transport is kafka");
            for (Container c : consumers) {
                assertThat(stack.logs(c)).contains("so the transport is kafka");
            }
            await("each of the 3 consumers has partitions and has stored messages").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        for (Container c : consumers) {
                            JsonObject s = stats(c.hostPort(8080));
                            if (s.getJsonObject("kafka").getJsonObject("partitionLag").isEmpty()
                                    || s.getJsonObject("messages").getLong("stored") == 0) {
                                return false;
                            }
                        }
                        return true;
                    });
            for (Container c : consumers) {
                JsonObject s = stats(c.hostPort(8080));
                PodmanStack.step(c.name() + ": partitions " + s.getJsonObject("kafka").getJsonObject("partitionLag")
                        .fieldNames() + ", stored " + s.getJsonObject("messages").getLong("stored"));
            }

            Container victim = consumers.get(1);
            int restartsBefore = stack.restartCount(victim);
            stack.killFromHost(victim);
            await("the restart policy brings " + victim.name() + " back").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> stack.restartCount(victim) > restartsBefore);
            stack.awaitHealthy(victim);
            int victimPort = victim.hostPort(8080);
            await(victim.name() + " stores again after its restart").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> stats(victimPort).getJsonObject("messages").getLong("stored") > 0);

            assertThat(stack.stop(producer)).as("producer exit status after stop").isZero();
            String producerLog = stack.logs(producer);
            ProducerSummary summary = ProducerSummary.parse(producerLog);
            String producerId = ProducerSummary.producerId(producerLog);
            assertThat(summary.acked()).isEqualTo(summary.generated()).isPositive();
            await("every id the producer generated is in PostgreSQL").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> rows(stack, producerId)[1] >= summary.generated());
            for (Container c : consumers) {
                assertThat(stack.stop(c)).as(c.name() + " exit status after stop").isZero();
                assertThat(stack.oomKilled(c)).as(c.name() + " OOM-killed").isFalse();
            }
            long[] rows = rows(stack, producerId);
            PodmanStack.step("producer " + producerId + " generated " + summary.generated() + "; PostgreSQL holds "
                    + rows[0] + " rows, " + rows[1] + " distinct ids, after one consumer was SIGKILLed");
            assertThat(rows[1]).as("distinct ids == generated").isEqualTo(summary.generated());
            assertThat(rows[0]).as("each id exactly once").isEqualTo(rows[1]);
        }
    }

    /** {count(*), count(DISTINCT id)} of a producer's rows, read inside the postgres container. */
    private static long[] rows(PodmanStack stack, String producerId) throws Exception {
        ComposeFile.Service pg = stack.replicas("postgres").get(0).service();
        PodmanStack.Result r = stack.exec(stack.replicas("postgres").get(0), "psql", "-U",
                pg.environment().get("POSTGRES_USER"), "-d", pg.environment().get("POSTGRES_DB"), "-tAc",
                "SELECT count(*), count(DISTINCT id) FROM burstpipe_messages WHERE producer = '" + producerId + "'");
        assertThat(r.exit()).as(r.output()).isZero();
        String[] parts = r.output().trim().split("\\|");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static JsonObject stats(int port) throws Exception {
        return new JsonObject(get(port, "/stats").body());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
