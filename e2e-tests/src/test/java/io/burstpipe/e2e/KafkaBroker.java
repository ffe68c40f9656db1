package io.burstpipe.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives Kafka tests a real broker, one per test JVM: {@code KAFKA_BOOTSTRAP_SERVERS} if set (CI sets it);
 * else, where Docker runs, Testcontainers' {@link KafkaContainer}; else a KRaft broker started from the
 * Maven Central artifacts by {@code scripts/kafka-broker.sh} on 127.0.0.1, stopped when the JVM exits.
 * Never a mock.
 */
public final class KafkaBroker implements BeforeAllCallback {

    private static final Path ROOT = Path.of(System.getProperty("burstpipe.root", ".."));
    private static volatile String bootstrap;
    private static volatile boolean local;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bootstrap();
    }

    /** The bootstrap address, starting a broker on first use if none is given. */
    public static synchronized String bootstrap() throws Exception {
        if (bootstrap != null) {
            return bootstrap;
        }
        String given = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (given != null && !given.isBlank()) {
            bootstrap = given;
        } else if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            bootstrap = container.getBootstrapServers();
        } else {
            bootstrap = script("start").trim();
            local = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    script("stop");
                } catch (Exception e) {
                    // the JVM is exiting; the broker's pid file lets the next start clean up
                }
            }));
        }
        return bootstrap;
    }

    /**
     * Whether a test may restart the broker: it was started here by the script, or CI started it with the
     * same script and says so ({@code BURSTPIPE_KAFKA_SCRIPT_BROKER=1}).
     */
    static boolean restartable() {
        return local || "1".equals(System.getenv("BURSTPIPE_KAFKA_SCRIPT_BROKER"));
    }

    /** Stops and starts the local broker, keeping its data. */
    static void restart() throws Exception {
        script("restart");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String script(String command) throws Exception {
        Process process = new ProcessBuilder("bash", ROOT.resolve("scripts/kafka-broker.sh").toString(), command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/kafka-broker.sh " + command + " did not finish in 180 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("scripts/kafka-broker.sh " + command + " failed: " + out);
        }
        return out;
    }
}
