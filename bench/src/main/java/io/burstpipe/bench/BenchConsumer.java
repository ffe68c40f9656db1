package io.burstpipe.bench;

import io.burstpipe.api.ConsumerStatsJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A consumer as its own process on 127.0.0.1 ({@code burstpipe consumer} from the jar this runs from) with a fresh
 * embedded store, for the benchmarks. {@link #close()} stops it (SIGTERM, then SIGKILL after a minute) and deletes
 * its store.
 */
public final class BenchConsumer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path storeDir;
    private final int port;

    private BenchConsumer(Process process, Path storeDir, int port) {
        this.process = process;
        this.storeDir = storeDir;
        this.port = port;
    }

    /** The jar this code runs from: the benchmarks start their consumer from it. */
    public static Path ownJar() {
        try {
            Path location = Path.of(BenchConsumer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                throw new IllegalStateException("the benchmarks start a consumer from the burstpipe jar; run them as "
                        + "./burstpipe bench ... (this runs from " + location + ")");
            }
            return location;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the consumer with the flags and returns once it is ready (within 60 s). */
    public static BenchConsumer start(List<String> flags) throws Exception {
        Path jar = ownJar();
        Path storeDir = Files.createTempDirectory("burstpipe-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "consumer", "--port", String.valueOf(port), "--store-dir",
                storeDir.toString()));
        command.addAll(flags);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(storeDir.resolve("consumer.log").toFile()).start();
        BenchConsumer consumer = new BenchConsumer(process, storeDir, port);
        try {
            consumer.awaitUntil(() -> consumer.get("/health/ready") != null, TimeUnit.SECONDS.toNanos(60), 100);
        } catch (Exception e) {
            consumer.close();
            throw e;
        }
        return consumer;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until the consumer has stored {@code messages} (polling /stats every 20 ms). */
    void awaitStored(long messages, Duration within) throws Exception {
        awaitUntil(() -> {
            String stats = get("/stats");
            return stats != null && ConsumerStatsJson.decode(new JsonObject(stats)).messages().stored() >= messages;
        }, within.toNanos(), 20);
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private void awaitUntil(Check check, long timeoutNanos, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("consumer exited with " + process.exitValue() + "; see "
                        + storeDir.resolve("consumer.log"));
            }
            if (check.done()) {
                return;
            }
            Thread.sleep(pollMillis);
        }
        throw new IllegalStateException("consumer did not get there within " + timeoutNanos / 1_000_000_000 + " s");
    }

    /** The body of a 200 answer, or {@code null} (not listening yet, or another status). */
    private String get(String path) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (var paths = Files.walk(storeDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
