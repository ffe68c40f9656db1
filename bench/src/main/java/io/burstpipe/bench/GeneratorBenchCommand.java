package io.burstpipe.bench;

import io.burstpipe.flow.Event;
import io.burstpipe.loadtest.ConsumerProcess;
import io.burstpipe.loadtest.LoadRun;
import io.burstpipe.transport.HttpTransport;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench generator}: the load test's generator next to {@code wrk}, in one sitting, against the same consumer
 * (its own process on 127.0.0.1). Rounds alternate: wrk with a Lua script posting batches of unique messages over
 * as many connections as the generator keeps requests in flight, then the generator in this JVM (open model,
 * corrected latency, as {@code loadtest} runs it) asked for more than the rate wrk reached ({@code --ask}), so that
 * it too runs at its in-flight bound and sends at its own limit. Each side's rate is what the
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

    @Option(names = "--ask", defaultValue = "1.5", paramLabel = "FACTOR",
            description = "The generator is asked for this multiple of the rate wrk reached in the round, 0.5..10. "
                    + "wrk runs at its connections' limit; asked for more than that, the generator runs at its "
                    + "in-flight bound too, so what it sends is its own limit rather than the ask. 1 asks whether it "
                    + "holds exactly wrk's rate (then it cannot come out above 1x, and any hiccup of the machine "
                    + "costs it). Default: ${DEFAULT-VALUE}.")
    double ask;

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
        if (!(ask >= 0.5 && ask <= 10)) {
            throw new ParameterException(spec.commandLine(), "--ask must be between 0.5 and 10 (was " + ask + ")");
        }
        java.util.Optional<Wrk> found = Wrk.find(wrk);
        if (found.isEmpty()) {
            System.out.printf(Locale.ROOT, "bench generator needs wrk: '%s' did not run (Debian: apt-get install wrk, "
                    + "or give --wrk PATH)%n", wrk);
            return 1;
        }
        System.out.printf(Locale.ROOT, "generator benchmark on 127.0.0.1, %d cores shared by the load and the consumer "
                + "(store latency 0, 2 writers x batch 1000); batches of %d, %d in flight, %d s a run, %d rounds, "
                + "wrk first in each, the generator asked for %sx wrk's rate%n", Runtime.getRuntime()
                .availableProcessors(), batchSize, inflight, seconds, rounds, factor());
        Vertx vertx = Vertx.vertx();
        try (Wrk anchor = found.get(); ConsumerProcess consumer = ConsumerProcess.startTemporary(List.of("--store-latency", "0ms",
                     "--store-jitter", "0ms", "--writers", "2", "--batch-size", "1000", "--queue-capacity", "20000",
                     "--max-batch-messages", "100000", "--max-body-bytes", "67108864"))) {
            Side[] wrkSides = new Side[rounds];
            Side[] ours = new Side[rounds];
            // unmeasured runs warm the consumer and this JVM: the generator's at the rate the measured ones ask for,
            // so its JIT has compiled the paths they take (warmed at another rate, the first round recompiles)
            Side warm = wrkRun(anchor, consumer, 0, Math.min(5, seconds));
            generatorRun(vertx, consumer, ask * warm.rate(), 0, Math.min(10, seconds));
            generatorRun(vertx, consumer, ask * warm.rate(), 0, Math.min(5, seconds));
            for (int i = 0; i < rounds; i++) {
                wrkSides[i] = wrkRun(anchor, consumer, i + 1, seconds);
                ours[i] = generatorRun(vertx, consumer, ask * wrkSides[i].rate(), i + 1, seconds);
                System.out.printf(Locale.ROOT, "  round %d: wrk %,.0f msgs/s at %.2f CPU-s per million (consumer %.2f "
                                + "cores); generator asked for %sx that: %,.0f msgs/s at %.2f CPU-s per million "
                                + "(consumer %.2f cores)%n", i + 1, wrkSides[i].rate(), wrkSides[i].cpuPerMillion(),
                        wrkSides[i].consumerCores(), factor(), ours[i].rate(), ours[i].cpuPerMillion(),
                        ours[i].consumerCores());
            }
            Side w = median(wrkSides);
            Side g = median(ours);
            System.out.printf(Locale.ROOT, "wrk:       %,.0f msgs/s, %.2f CPU-s per million messages, consumer %.2f "
                    + "cores (medians)%n", w.rate(), w.cpuPerMillion(), w.consumerCores());
            System.out.printf(Locale.ROOT, "generator: %,.0f msgs/s = %.2fx of wrk's rate (goal >= 0.9x), %.2f CPU-s "
                            + "per million = %.1fx wrk's (goal <= 2x), consumer %.2f cores%n", g.rate(),
                    g.rate() / w.rate(), g.cpuPerMillion(), g.cpuPerMillion() / w.cpuPerMillion(), g.consumerCores());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return 0;
    }

    private String factor() {
        return new java.math.BigDecimal(Double.toString(ask)).stripTrailingZeros().toPlainString();
    }

    private void check(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), flag + " must be between " + min + " and " + max
                    + " (was " + value + ")");
        }
    }

    private Side wrkRun(Wrk anchor, ConsumerProcess consumer, int round, int length) throws Exception {
        String producer = "wrk" + round + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Wrk.Run r = anchor.run(consumer, producer, batchSize, inflight, length);
        return new Side(r.rate(), r.cpuPerMillion(), r.consumerCores());
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
            long storedBefore = Wrk.stored(consumer);
            Duration consumerBefore = Wrk.cpu(consumer.pid());
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            LoadRun.Result r = new LoadRun(options, transport, null, null, QUIET, new Event()).run();
            long cpu = os.getProcessCpuTime() - cpuBefore;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double consumerCores = (Wrk.cpu(consumer.pid()).toNanos() - consumerBefore.toNanos()) / 1e9 / elapsed;
            long moved = Wrk.storedAfterSettling(consumer) - storedBefore;
            if (moved < r.measures().acked()) {
                throw new IllegalStateException("the consumer stored " + moved + " of the " + r.measures().acked()
                        + " messages it acknowledged");
            }
            return new Side(moved / Math.max(1e-9, r.sendSeconds()), cpu / 1e9 / (moved / 1e6), consumerCores);
        }
    }

    private static Side median(Side[] sides) {
        double[] rate = Arrays.stream(sides).mapToDouble(Side::rate).sorted().toArray();
        double[] cpu = Arrays.stream(sides).mapToDouble(Side::cpuPerMillion).sorted().toArray();
        double[] cores = Arrays.stream(sides).mapToDouble(Side::consumerCores).sorted().toArray();
        int mid = sides.length / 2;
        return new Side(rate[mid], cpu[mid], cores[mid]);
    }
}
