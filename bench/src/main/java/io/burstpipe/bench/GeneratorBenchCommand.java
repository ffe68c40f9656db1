package io.burstpipe.bench;

import io.burstpipe.flow.Event;
import io.burstpipe.loadtest.ConsumerProcess;
import io.burstpipe.loadtest.LoadRun;
import io.burstpipe.transport.HttpTransport;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench generator}: the load test's generator next to {@code wrk}, in one sitting, against the same consumer
 * (its own process on 127.0.0.1). Rounds alternate: wrk with a Lua script posting batches of unique messages over
 * as many connections as the generator keeps requests in flight, then the generator in this JVM (open model,
 * corrected latency, as {@code loadtest} runs it) asked for the rate wrk reached. Each side's rate is what the
 * consumer stored; its CPU is its own process's (wrk's from the kernel after it exits, the generator's as this JVM's
 * CPU over the run, start-up excluded), per million messages. The medians are printed with the ratios the
 * generator is held to: at least 0.9x of wrk's rate at most 2x its CPU per message.
 */
@Command(name = "generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The load test's generator next to wrk (Debian's wrk package), rounds alternating, against one "
                + "consumer process on 127.0.0.1: messages stored per second and CPU-seconds per million messages "
                + "of each, and their ratios. Needs wrk on the PATH."})
public final class GeneratorBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S",
            description = "Length of each run, 1..120. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Rounds, each wrk then the generator, 1..10; medians reported. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--batch-size", defaultValue = "100", paramLabel = "N",
            description = "Messages per request, 1..10000. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--inflight", defaultValue = "8", paramLabel = "N",
            description = "Requests in flight (wrk's connections), 1..256. Default: ${DEFAULT-VALUE}.")
    int inflight;

    @Option(names = "--wrk", defaultValue = "wrk", paramLabel = "PATH",
            description = "The wrk to run. Default: ${DEFAULT-VALUE} (from the PATH).")
    String wrk;

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** One side's run: messages stored per second, CPU-seconds per million, and the consumer's cores meanwhile. */
    record Side(double rate, double cpuPerMillion, double consumerCores) {
    }

    @Override
    public Integer call() throws Exception {
        check("--seconds", seconds, 1, 120);
        check("--rounds", rounds, 1, 10);
        check("--batch-size", batchSize, 1, 10_000);
        check("--inflight", inflight, 1, 256);
        if (!wrkRuns()) {
            System.out.printf(Locale.ROOT, "bench generator needs wrk: '%s' did not run (Debian: apt-get install wrk, "
                    + "or give --wrk PATH)%n", wrk);
            return 1;
        }
        System.out.printf(Locale.ROOT, "generator benchmark on 127.0.0.1, %d cores shared by the load and the consumer "
                + "(store latency 0, 2 writers x batch 1000); batches of %d, %d in flight, %d s a run, %d rounds, "
                + "wrk first in each%n", Runtime.getRuntime().availableProcessors(), batchSize, inflight, seconds,
                rounds);
        Path script = Files.createTempFile("burstpipe-wrk", ".lua");
        Vertx vertx = Vertx.vertx();
        try (InputStream lua = GeneratorBenchCommand.class.getResourceAsStream("/bench/wrk-batches.lua");
             ConsumerProcess consumer = ConsumerProcess.startTemporary(List.of("--store-latency", "0ms",
                     "--store-jitter", "0ms", "--writers", "2", "--batch-size", "1000", "--queue-capacity", "20000",
                     "--max-batch-messages", "100000", "--max-body-bytes", "67108864"))) {
            Files.write(script, lua.readAllBytes());
            Side[] wrkSides = new Side[rounds];
            Side[] ours = new Side[rounds];
            // unmeasured runs warm the consumer and this JVM: the generator's at the rate the measured ones ask for,
            // so its JIT has compiled the paths they take (warmed at another rate, the first round recompiles)
            Side warm = wrkRun(consumer, script, 0, 5);
            generatorRun(vertx, consumer, warm.rate(), 0, 10);
            generatorRun(vertx, consumer, warm.rate(), 0, 5);
            for (int i = 0; i < rounds; i++) {
                wrkSides[i] = wrkRun(consumer, script, i + 1, seconds);
                ours[i] = generatorRun(vertx, consumer, wrkSides[i].rate(), i + 1, seconds);
                System.out.printf(Locale.ROOT, "  round %d: wrk %,.0f msgs/s at %.2f CPU-s per million (consumer %.2f "
                                + "cores); generator asked for that: %,.0f msgs/s at %.2f CPU-s per million (consumer "
                                + "%.2f cores)%n", i + 1, wrkSides[i].rate(), wrkSides[i].cpuPerMillion(),
                        wrkSides[i].consumerCores(), ours[i].rate(), ours[i].cpuPerMillion(), ours[i].consumerCores());
            }
            Side w = median(wrkSides);
            Side g = median(ours);
            System.out.printf(Locale.ROOT, "wrk:       %,.0f msgs/s, %.2f CPU-s per million messages, consumer %.2f "
                    + "cores (medians)%n", w.rate(), w.cpuPerMillion(), w.consumerCores());
            System.out.printf(Locale.ROOT, "generator: %,.0f msgs/s = %.2fx of wrk's rate (goal >= 0.9x), %.2f CPU-s "
                            + "per million = %.1fx wrk's (goal <= 2x), consumer %.2f cores%n", g.rate(),
                    g.rate() / w.rate(), g.cpuPerMillion(), g.cpuPerMillion() / w.cpuPerMillion(), g.consumerCores());
        } finally {
            Files.deleteIfExists(script);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return 0;
    }

    private void check(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), flag + " must be between " + min + " and " + max
                    + " (was " + value + ")");
        }
    }

    private boolean wrkRuns() {
        try {
            Process p = new ProcessBuilder(wrk, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** wrk for {@code length} seconds through bash, whose {@code times} gives the CPU wrk used once it exited. */
    private Side wrkRun(ConsumerProcess consumer, Path script, int round, int length) throws Exception {
        String producer = "wrk" + round + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        long created = System.currentTimeMillis() * 1000;
        int threads = Math.min(inflight, Runtime.getRuntime().availableProcessors());
        String command = String.format(Locale.ROOT, "'%s' -t %d -c %d -d %ds --timeout 30s -s '%s' '%s' -- %d %s %d; "
                        + "times", wrk, threads, inflight, length, script, consumer.url() + "/messages", batchSize,
                producer, created);
        long storedBefore = stored(consumer);
        Duration cpuBefore = cpu(consumer.pid());
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(length + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
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
        return new Side(moved / (double) length, cpu / (moved / 1e6), consumerCores);
    }

    /** The load test's open-model generator in this JVM at {@code rate}, steady, for {@code length} seconds. */
    private Side generatorRun(Vertx vertx, ConsumerProcess consumer, double rate, int round, int length)
            throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (HttpTransport transport = new HttpTransport(vertx, consumer.url(), "/messages", inflight, 30_000)) {
            LoadRun.Options options = LoadRun.Options.steady("bench", "gen" + round + "-" + Long.toString(
                            System.nanoTime() % 1_000_000_000L, 36), rate, 1, Duration.ofSeconds(length), Duration.ZERO,
                    batchSize, Duration.ofMillis(2), inflight, Duration.ofSeconds(60));
            long storedBefore = stored(consumer);
            Duration consumerBefore = cpu(consumer.pid());
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            LoadRun.Result r = new LoadRun(options, transport, null, null, QUIET, new Event()).run();
            long cpu = os.getProcessCpuTime() - cpuBefore;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double consumerCores = (cpu(consumer.pid()).toNanos() - consumerBefore.toNanos()) / 1e9 / elapsed;
            long moved = storedAfterSettling(consumer) - storedBefore;
            if (moved < r.measures().acked()) {
                throw new IllegalStateException("the consumer stored " + moved + " of the " + r.measures().acked()
                        + " messages it acknowledged");
            }
            return new Side(moved / Math.max(1e-9, r.sendSeconds()), cpu / 1e9 / (moved / 1e6), consumerCores);
        }
    }

    private static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** The consumer's stored count once it stops growing (every accepted batch written). */
    private static long storedAfterSettling(ConsumerProcess consumer) throws Exception {
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

    private static long stored(ConsumerProcess consumer) throws InterruptedException {
        return consumer.stored().orElseThrow(() -> new IllegalStateException("the consumer's /stats does not "
                + "answer; see " + consumer.log()));
    }

    private static Side median(Side[] sides) {
        double[] rate = Arrays.stream(sides).mapToDouble(Side::rate).sorted().toArray();
        double[] cpu = Arrays.stream(sides).mapToDouble(Side::cpuPerMillion).sorted().toArray();
        double[] cores = Arrays.stream(sides).mapToDouble(Side::consumerCores).sorted().toArray();
        int mid = sides.length / 2;
        return new Side(rate[mid], cpu[mid], cores[mid]);
    }
}
