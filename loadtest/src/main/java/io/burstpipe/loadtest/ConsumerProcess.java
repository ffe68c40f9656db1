package io.burstpipe.loadtest;

import io.burstpipe.api.ConsumerStatsJson;
import io.burstpipe.store.EmbeddedStore;
import io.burstpipe.store.SeqIndex;
import io.burstpipe.store.StoreException;
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
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * A burstpipe consumer as a process of its own on 127.0.0.1 ({@code burstpipe consumer} from the jar this runs
 * from), started by the load test or a benchmark: on a free port, with its store and log where the caller says. It
 * can be killed (SIGKILL), stopped (SIGTERM) and started again on the same port and store, as the load test's
 * lifecycle faults do; {@link #close()} stops it (SIGTERM, then SIGKILL after a minute). Thread-safe.
 */
public final class ConsumerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration TERM_GRACE = Duration.ofSeconds(60);

    private final List<String> command;
    /** The caller's flags, for another consumer started like this one. */
    private final List<String> flags;
    /** Flags after the caller's, set by {@link #restartWith} (a sweep's setting). */
    private List<String> extra = List.of();
    private final Path storeDir;
    private final Path log;
    private final int port;
    private final boolean temporary;
    private Process process;
    private int starts;

    private ConsumerProcess(List<String> command, List<String> flags, Path storeDir, Path log, int port,
                            boolean temporary) {
        this.command = List.copyOf(command);
        this.flags = List.copyOf(flags);
        this.storeDir = storeDir;
        this.log = log;
        this.port = port;
        this.temporary = temporary;
    }

    /** The jar this code runs from: consumers are started from it. */
    public static Path ownJar() {
        try {
            Path location = Path.of(ConsumerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                throw new IllegalStateException("starting a consumer needs the burstpipe jar; run this as "
                        + "./burstpipe ... (this runs from " + location + ")");
            }
            return location;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A consumer with the flags and a fresh store in a temporary folder, deleted on close; ready within 60 s. */
    public static ConsumerProcess startTemporary(List<String> flags) throws Exception {
        Path dir = Files.createTempDirectory("burstpipe-consumer");
        return start(flags, dir, dir.resolve("consumer.log"), true);
    }

    /**
     * A consumer with the flags, its store in {@code storeDir} (emptied first: the run owns it) and its output
     * appended to {@code log}; returns once it is ready (within 60 s).
     */
    public static ConsumerProcess start(List<String> flags, Path storeDir, Path log) throws Exception {
        return start(flags, storeDir, log, false);
    }

    private static ConsumerProcess start(List<String> flags, Path storeDir, Path log, boolean temporary)
            throws Exception {
        Path jar = ownJar();
        deleteTree(storeDir);
        Files.createDirectories(storeDir);
        Files.createDirectories(log.toAbsolutePath().getParent());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "consumer", "--port", String.valueOf(port), "--store-dir",
                storeDir.toString()));
        command.addAll(flags);
        ConsumerProcess consumer = new ConsumerProcess(command, flags, storeDir, log, port, temporary);
        try {
            consumer.launch();
        } catch (Exception e) {
            consumer.close();
            throw e;
        }
        return consumer;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** The flags it was started with (those the caller gave, without port and store). */
    public List<String> flags() {
        return flags;
    }

    /** Its store is the embedded one in its store directory (not --store postgres). */
    public boolean embeddedStore() {
        return !(flags.contains("postgres") || flags.contains("--store=postgres"));
    }

    /** Messages it has stored since it started ({@code /stats}), or empty if it does not answer now. */
    public java.util.OptionalLong stored() throws InterruptedException {
        String stats = get("/stats");
        return stats == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(ConsumerStatsJson.decode(new JsonObject(stats)).messages().stored());
    }

    /**
     * The sequence numbers of {@code producer}'s ids its store holds: asked through {@code /stats/stored} while it
     * runs, read from its store directory when it has stopped (an embedded store; a PostgreSQL one is asked through
     * a consumer still running on it). Empty if neither can be done.
     */
    public java.util.Optional<Roaring64NavigableMap> storedSeqs(String producer) throws InterruptedException {
        if (alive()) {
            String body = get("/stats/stored?producer=" + java.net.URLEncoder.encode(producer,
                    java.nio.charset.StandardCharsets.UTF_8) + "&seqs=true");
            String seqs = body == null ? null : new JsonObject(body).getString("seqs");
            return seqs == null ? java.util.Optional.empty() : java.util.Optional.of(SeqIndex.decode(seqs));
        }
        if (!embeddedStore()) {
            return java.util.Optional.empty();
        }
        try (EmbeddedStore store = EmbeddedStore.open(storeDir)) {
            return java.util.Optional.of(store.seqsOf(producer));
        } catch (StoreException e) {
            return java.util.Optional.empty();
        }
    }

    public synchronized long pid() {
        return process.pid();
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: gone at once, nothing flushed that was not already durable. Waits (10 s at most) for it to go. */
    public synchronized String kill() throws InterruptedException {
        if (!alive()) {
            return "was not running";
        }
        long pid = process.pid();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return "killed pid " + pid + " (SIGKILL)";
    }

    /** SIGTERM: the consumer drains and stops; waits up to a minute for it, then kills it. */
    public synchronized String term() throws InterruptedException {
        if (!alive()) {
            return "was not running";
        }
        long pid = process.pid();
        long from = System.nanoTime();
        process.destroy();
        if (!process.waitFor(TERM_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return "pid " + pid + " did not stop within " + TERM_GRACE.toSeconds() + " s of SIGTERM: killed";
        }
        return String.format(java.util.Locale.ROOT, "stopped pid %d (SIGTERM) in %.1f s, exit code %d", pid,
                (System.nanoTime() - from) / 1e9, process.exitValue());
    }

    /** {@link #restart()} with these flags after the ones it was started with (instead of the last such). */
    public synchronized String restartWith(List<String> flags) throws Exception {
        extra = List.copyOf(flags);
        return restart();
    }

    /** Starts the consumer again on the same port and store (stopping it first with SIGTERM if it runs). */
    public synchronized String restart() throws Exception {
        String stopped = alive() ? term() + "; " : "";
        long from = System.nanoTime();
        launch();
        return String.format(java.util.Locale.ROOT, "%sstarted pid %d, ready in %.1f s", stopped, process.pid(),
                (System.nanoTime() - from) / 1e9);
    }

    private void launch() throws Exception {
        starts++;
        List<String> full = new ArrayList<>(command);
        full.addAll(extra);
        Files.writeString(log, "--- start " + starts + ": " + String.join(" ", full)
                        .replaceAll("--control-token \\S+", "--control-token ***") + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitUntil(() -> get("/health/ready") != null, READY_WITHIN, 20);
    }

    /**
     * Waits until the consumer has stored {@code messages} since it started, polling /stats every 50 ms: a benchmark
     * times its run by this, and each /stats answer costs the consumer a little of the CPU it measures.
     */
    public void awaitStored(long messages, Duration within) throws Exception {
        awaitUntil(() -> stored().orElse(-1) >= messages, within, 50);
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private void awaitUntil(Check check, Duration within, long everyMillis) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the consumer exited with " + p.exitValue() + lastWords() + "; see "
                        + log);
            }
            if (check.done()) {
                return;
            }
            Thread.sleep(everyMillis);
        }
        throw new IllegalStateException("the consumer did not get there within " + within.toSeconds() + " s; see "
                + log);
    }

    /** The first lines the consumer printed in its last start, for an error: ": LINE | LINE", or "". */
    private String lastWords() {
        try {
            List<String> lines = Files.readAllLines(log);
            int from = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("--- start ")) {
                    from = i + 1;
                }
            }
            List<String> said = lines.subList(from, lines.size()).stream().filter(l -> !l.isBlank()).limit(2)
                    .toList();
            return said.isEmpty() ? "" : ": " + String.join(" | ", said);
        } catch (IOException e) {
            return "";
        }
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
    public synchronized void close() throws Exception {
        if (process != null) {
            term();
        }
        if (temporary) {
            deleteTree(storeDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
