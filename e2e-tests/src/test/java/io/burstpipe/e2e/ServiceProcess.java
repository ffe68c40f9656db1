package io.burstpipe.e2e;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A burstpipe command (consumer, producer, loadtest, run) as its own process on loopback, as a user runs it. Always
 * stopped by close(). */
final class ServiceProcess implements AutoCloseable {

    /** The one jar of the product, which ./burstpipe runs. */
    static final Path JAR = Path.of(System.getProperty("burstpipe.jar", "../launcher/target/burstpipe.jar"));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    final int port;

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Ports handed out in this JVM: the OS may offer a just-closed port again, and two services must not share. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A free port on loopback that no earlier call in this JVM returned. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("no free port that was not handed out before, in 100 tries");
    }

    /** {@code java -jar burstpipe.jar ARGS}; {@code args} start with the command. */
    static ServiceProcess start(String name, Path workDir, Map<String, String> env, int port,
                                List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(args);
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BURSTPIPE_"));
        builder.environment().putAll(env);
        return new ServiceProcess(name, builder.start(), log, port);
    }

    static ServiceProcess consumer(Path workDir, int port, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("consumer", "--port", String.valueOf(port)));
        all.addAll(List.of(args));
        return start("consumer", workDir, Map.of(), port, all);
    }

    static ServiceProcess producer(Path workDir, int consumerPort, String... args) throws IOException {
        int port = freePort();
        List<String> all = new ArrayList<>(List.of("producer", "--target", "http://127.0.0.1:" + consumerPort,
                "--port", String.valueOf(port)));
        all.addAll(List.of(args));
        return start("producer", workDir, Map.of(), port, all);
    }

    /** {@code burstpipe loadtest} as its own process; {@code port} is unused (the load test serves nothing). */
    static ServiceProcess loadtest(Path workDir, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("loadtest"));
        all.addAll(List.of(args));
        return start("loadtest", workDir, Map.of(), -1, all);
    }

    /** {@code POST /control/<action>} with the bearer token; returns the status. */
    int control(String action, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/control/" + action))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    ServiceProcess awaitReady(Duration within) {
        Awaitility.await(name + " ready").atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            // a consumer says it is ready once it serves: so the answer is this process's, not another's on the port
            return status("/health/ready") == 200 && (!name.equals("consumer") || log().contains("consumer ready"));
        });
        return this;
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    JsonObject stats() throws IOException, InterruptedException {
        return new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Resident memory of the process now, from /proc (Linux), in bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for pid " + process.pid());
    }

    void sigterm() {
        process.destroy();
    }

    void sigkill() {
        process.destroyForcibly();
    }

    /** Waits for the process to exit; fails (and kills it) if it does not within the bound. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " still running after " + within.toSeconds() + " s:\n" + log());
        }
        return process.exitValue();
    }

    /**
     * The pids a load test's output says it started (group 1 of {@code started}, e.g. "consumer started: pid (\\d+)"),
     * each checked to be gone; returns how many there were.
     */
    static int assertStartedAreGone(String output, String started) {
        java.util.regex.Matcher pids = java.util.regex.Pattern.compile(started).matcher(output);
        int n = 0;
        while (pids.find()) {
            n++;
            long pid = Long.parseLong(pids.group(1));
            org.assertj.core.api.Assertions.assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                    .orElse(false)).as("consumer pid %d", pid).isFalse();
        }
        return n;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
