package io.burstpipe.bench;

import io.burstpipe.loadtest.ConsumerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} as the anchor of the HTTP benchmarks: a Lua script posts batches of unique messages, in the
 * exact form the load test writes them (id, seq, producer, a random value, createdAt), to a consumer's
 * {@code /messages}, so the consumer does the same work per message for either sender; what counts is what the
 * consumer stored, and wrk's own CPU from the kernel once it exited. Deletes its script on {@link #close()}.
 */
final class Wrk implements AutoCloseable {

    /** One run: messages stored per second, wrk's CPU-seconds per million, and the consumer's cores meanwhile. */
    record Run(double rate, double cpuPerMillion, double consumerCores) {
    }

    private final String path;
    private final Path script;

    private Wrk(String path, Path script) {
        this.path = path;
        this.script = script;
    }

    /** wrk at {@code path}, if it runs; empty if not. */
    static java.util.Optional<Wrk> find(String path) throws IOException {
        if (!runs(path)) {
            return java.util.Optional.empty();
        }
        Path script = Files.createTempFile("burstpipe-wrk", ".lua");
        try (InputStream lua = Wrk.class.getResourceAsStream("/bench/wrk-batches.lua")) {
            Files.write(script, lua.readAllBytes());
        }
        return java.util.Optional.of(new Wrk(path, script));
    }

    /** The script this wrk runs (the load test's message form), deleted on {@link #close()}. */
    Path script() {
        return script;
    }

    /** The wrk command this runs. */
    String path() {
        return path;
    }

    private static boolean runs(String path) {
        try {
            Process p = new ProcessBuilder(path, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * wrk for {@code seconds} through bash, whose {@code times} gives the CPU wrk used once it exited: batches of
     * {@code batch} from producer {@code producer} over {@code connections} connections.
     */
    Run run(ConsumerProcess consumer, String producer, int batch, int connections, int seconds) throws Exception {
        long created = System.currentTimeMillis() * 1000;
        int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
        String command = String.format(Locale.ROOT, "'%s' -t %d -c %d -d %ds --timeout 30s -s '%s' '%s' -- %d %s %d; "
                + "times", path, threads, connections, seconds, script, consumer.url() + "/messages", batch,
                producer, created);
        long storedBefore = stored(consumer);
        Duration cpuBefore = cpu(consumer.pid());
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not finish: " + out);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double consumerCores = (cpu(consumer.pid()).toNanos() - cpuBefore.toNanos()) / 1e9 / elapsed;
        long moved = storedAfterSettling(consumer) - storedBefore;
        // the second line of `times`: the user and system CPU of the shell's children, wrk
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*$").matcher(out.trim());
        if (!m.find()) {
            throw new IllegalStateException("no CPU times after wrk's output: " + out);
        }
        double cpu = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
        return new Run(moved / (double) seconds, cpu / (moved / 1e6), consumerCores);
    }

    static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** The consumer's stored count once it stops growing (every accepted batch written). */
    static long storedAfterSettling(ConsumerProcess consumer) throws Exception {
        long last = -1;
        long now = stored(consumer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (now != last && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = now;
            now = stored(consumer);
        }
        return now;
    }

    static long stored(ConsumerProcess consumer) throws InterruptedException {
        return consumer.stored().orElseThrow(() -> new IllegalStateException("the consumer's /stats does not "
                + "answer; see " + consumer.log()));
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(script);
    }
}
