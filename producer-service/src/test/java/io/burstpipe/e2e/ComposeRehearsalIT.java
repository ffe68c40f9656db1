package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Rehearses {@code docker compose up} without Docker: reads docker-compose.yml, starts the two service
 * jars as separate processes with exactly the environment and command the file gives them (service
 * hostnames, and the 0.0.0.0 bind, mapped to 127.0.0.1), against the real PostgreSQL on loopback; runs a
 * burst and checks that what the producer sent is what the database holds.
 */
@Timeout(180)
class ComposeRehearsalIT {

    private static final Path ROOT = Path.of(System.getProperty("burstpipe.root", ".."));
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    /**
     * A service's environment as compose would give it, hostnames mapped to loopback. With the kafka
     * profile the kafka service's name stands for the real broker; without it, for a name that does not
     * resolve (there is no kafka container to resolve to).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service, boolean kafkaProfile) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.get("environment")).forEach((k, v) -> env.put(k, onLoopback(interpolate(
                String.valueOf(v)), kafkaProfile)));
        return env;
    }

    private static String interpolate(String value) {
        Matcher m = DEFAULTED.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(System.getenv().getOrDefault(m.group(1), m.group(2))));
        }
        return m.appendTail(out).toString();
    }

    private static String onLoopback(String value, boolean kafkaProfile) {
        String kafka = value;
        if (value.equals("kafka:9092")) {
            try {
                kafka = kafkaProfile ? KafkaBroker.bootstrap() : "kafka.invalid:9092"; // .invalid never resolves
            } catch (Exception e) {
                throw new IllegalStateException("no Kafka broker for the rehearsal: " + e.getMessage(), e);
            }
        }
        return kafka.replace("@postgres:", "@127.0.0.1:").replace("//consumer:", "//127.0.0.1:")
                .replace("0.0.0.0", "127.0.0.1");
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(Map<String, Object> service) {
        Object command = service.get("command");
        return command == null ? List.of() : new ArrayList<>((List<String>) command);
    }

    /** The database and role the compose file's postgres service would create. */
    private static void createComposeDatabase(String pgUrl) throws Exception {
        Matcher m = Pattern.compile("postgresql://([^:]+):([^@]+)@[^/]+/(\\w+)").matcher(pgUrl);
        assertThat(m.matches()).as("compose PG URL " + pgUrl).isTrue();
        try (Connection c = StoreCheck.pg(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + m.group(1) + "'")) {
                if (!r.next()) {
                    s.execute("CREATE ROLE " + m.group(1) + " LOGIN PASSWORD '" + m.group(2) + "'");
                }
            }
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + m.group(3) + "'")) {
                if (!r.next()) {
                    s.execute("CREATE DATABASE " + m.group(3) + " OWNER " + m.group(1));
                }
            }
        }
    }

    @Test
    void composeWiringRunsABurstIntoPostgresWithNothingLost() throws Exception {
        StoreCheck.requirePostgres();
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, String> consumerEnv = environment(service(compose, "consumer"), false);
        Map<String, String> producerEnv = environment(service(compose, "producer"), false);
        assertThat(consumerEnv).containsEntry("BURSTPIPE_STORE", "postgres");
        assertThat(producerEnv.get("BURSTPIPE_TARGET")).isEqualTo("http://127.0.0.1:" + consumerEnv.get("BURSTPIPE_PORT"));
        createComposeDatabase(consumerEnv.get("BURSTPIPE_PG_URL"));
        int consumerPort = Integer.parseInt(consumerEnv.get("BURSTPIPE_PORT"));
        int producerPort = Integer.parseInt(producerEnv.get("BURSTPIPE_PORT"));

        try (ServiceProcess consumer = ServiceProcess.start("consumer", ServiceProcess.CONSUMER_JAR, dir, consumerEnv,
                consumerPort, command(service(compose, "consumer")))) {
            consumer.awaitReady(Duration.ofSeconds(60));
            assertThat(healthcheck("consumer", compose)).as("the consumer's compose healthcheck").isZero();
            try (ServiceProcess producer = ServiceProcess.start("producer", ServiceProcess.PRODUCER_JAR, dir,
                    producerEnv, producerPort, command(service(compose, "producer")))) {
                producer.awaitReady(Duration.ofSeconds(60));
                assertThat(healthcheck("producer", compose)).as("the producer's compose healthcheck").isZero();
                await("a burst has been sent and stored").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> producer.stats().getJsonObject("messages").getLong("acked") > 3000);
                assertThat(consumer.stats().getJsonObject("queue").getInteger("highWater")).isPositive();
                producer.sigterm();
                assertThat(producer.awaitExit(Duration.ofSeconds(45))).as(producer.log()).isZero();
                ProducerSummary summary = ProducerSummary.parse(producer.log());
                String producerId = ProducerSummary.producerId(producer.log());
                consumer.sigterm();
                assertThat(consumer.awaitExit(Duration.ofSeconds(45))).as(consumer.log()).isZero();

                assertThat(summary.acked()).isEqualTo(summary.generated());
                long stored;
                try (Connection c = StoreCheck.pg(consumerEnv.get("BURSTPIPE_PG_URL")); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT count(*) FROM burstpipe_messages WHERE producer = '"
                             + producerId + "'")) {
                    r.next();
                    stored = r.getLong(1);
                }
                assertThat(stored).as("stored == sent").isEqualTo(summary.generated());
                assertThat(consumer.log()).contains("so the transport is http");
                assertThat(producer.log()).contains("so the transport is http");
            }
        }
    }

    /**
     * The kafka profile: the broker (a real one, see {@link KafkaBroker}) in place of the kafka service,
     * which switches the same consumer and producer services to Kafka; two consumer instances as
     * {@code --scale consumer=2} would run (the second on another loopback port, since on one host they
     * cannot share 8080 the way two containers do): every id reaches PostgreSQL exactly once.
     */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(KafkaBroker.class)
    void kafkaProfileWiringScalesConsumersAndLosesNothing() throws Exception {
        StoreCheck.requirePostgres();
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        assertThat(String.valueOf(service(compose, "kafka").get("profiles"))).isEqualTo("[kafka]");
        Map<String, String> consumerEnv = environment(service(compose, "consumer"), true);
        Map<String, String> producerEnv = environment(service(compose, "producer"), true);
        assertThat(consumerEnv).containsEntry("BURSTPIPE_KAFKA_BOOTSTRAP", KafkaBroker.bootstrap());
        assertThat(service(compose, "consumer").get("ports").toString()).as("no fixed host port when scaled")
                .contains("8080-8089:8080");
        createComposeDatabase(consumerEnv.get("BURSTPIPE_PG_URL"));
        int portA = Integer.parseInt(consumerEnv.get("BURSTPIPE_PORT"));
        Map<String, String> secondEnv = new LinkedHashMap<>(consumerEnv);
        int portB = ServiceProcess.freePort();
        secondEnv.put("BURSTPIPE_PORT", String.valueOf(portB));
        int producerPort = Integer.parseInt(producerEnv.get("BURSTPIPE_PORT"));
        try (ServiceProcess a = ServiceProcess.start("consumer-a", ServiceProcess.CONSUMER_JAR, dir, consumerEnv, portA,
                     command(service(compose, "consumer")));
             ServiceProcess b = ServiceProcess.start("consumer-b", ServiceProcess.CONSUMER_JAR, dir, secondEnv, portB,
                     command(service(compose, "consumer")))) {
            a.awaitReady(Duration.ofSeconds(60));
            b.awaitReady(Duration.ofSeconds(60));
            try (ServiceProcess producer = ServiceProcess.start("producer", ServiceProcess.PRODUCER_JAR, dir,
                    producerEnv, producerPort, command(service(compose, "producer")))) {
                producer.awaitReady(Duration.ofSeconds(60));
                await("a burst is in the log").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> producer.stats().getJsonObject("messages").getLong("acked") > 3000);
                producer.sigterm();
                assertThat(producer.awaitExit(Duration.ofSeconds(45))).as(producer.log()).isZero();
                ProducerSummary summary = ProducerSummary.parse(producer.log());
                String producerId = ProducerSummary.producerId(producer.log());
                String pgUrl = consumerEnv.get("BURSTPIPE_PG_URL");
                await("every id stored").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> countStored(pgUrl, producerId) >= summary.generated());
                a.sigterm();
                b.sigterm();
                assertThat(a.awaitExit(Duration.ofSeconds(45))).as(a.log()).isZero();
                assertThat(b.awaitExit(Duration.ofSeconds(45))).as(b.log()).isZero();
                assertThat(countStored(pgUrl, producerId)).isEqualTo(summary.generated());
                assertThat(a.log() + b.log()).contains("kafka intake: assigned");
                assertThat(a.log()).contains("so the transport is kafka");
                assertThat(producer.log()).contains("so the transport is kafka");
            }
        }
    }

    private static long countStored(String pgUrl, String producerId) throws Exception {
        try (Connection c = StoreCheck.pg(pgUrl); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM burstpipe_messages WHERE producer = '" + producerId
                     + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Runs a service's compose healthcheck command against the rehearsal process. */
    @SuppressWarnings("unchecked")
    private int healthcheck(String name, Map<String, Object> compose) throws Exception {
        List<String> test = new ArrayList<>((List<String>) ((Map<String, Object>) service(compose, name)
                .get("healthcheck")).get("test"));
        assertThat(test.get(0)).isEqualTo("CMD");
        List<String> command = new ArrayList<>();
        for (String part : test.subList(1, test.size())) {
            command.add(part.replace("/app/burstpipe-" + name + ".jar", (name.equals("consumer")
                    ? ServiceProcess.CONSUMER_JAR : ServiceProcess.PRODUCER_JAR).toAbsolutePath().toString()));
        }
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process check = new ProcessBuilder(command).inheritIO().start();
        if (!check.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return -1;
        }
        return check.exitValue();
    }
}
