package io.burstpipe.bench;

import io.burstpipe.loadtest.BottleneckReadout;
import io.burstpipe.transport.NoopTransport;
import io.burstpipe.loadtest.ConsumerProbe;
import io.burstpipe.loadtest.FindMax;
import io.burstpipe.loadtest.Measures;
import io.burstpipe.loadtest.LoadStats;
import io.burstpipe.loadtest.LoadRun;
import io.burstpipe.loadtest.OpenLoop;
import io.burstpipe.cli.DurationConverter;
import io.burstpipe.flow.Event;
import io.burstpipe.message.Message;
import io.burstpipe.loadtest.ConsumerProcess;
import io.burstpipe.transport.HttpTransport;
import io.burstpipe.profile.IntendedSchedule;
import io.burstpipe.profile.ProfileSettings;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench loadtest}: what the load generator itself can do and how far a consumer goes under it.
 * Prints (1) the generator's top rate against a no-op target next to the bare cost of making the same
 * messages, (2) achieved vs target rate for steady runs against a consumer on loopback, and (3) the
 * consumer's max sustainable rate (find-max) for each store latency, next to writers x batch / latency.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-generator top rate (no-op target), rate accuracy on loopback, and the consumer's max "
                + "sustainable rate per store latency. Starts a consumer process on 127.0.0.1; prints figures."})
public final class LoadTestBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Length of the no-op and accuracy runs, 1..600. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--rates", split = ",", defaultValue = "1000,5000,20000,50000", paramLabel = "MSGS/S",
            description = "Steady rates of the accuracy runs. Default: ${DEFAULT-VALUE}.")
    double[] rates;

    @Option(names = "--latencies", split = ",", defaultValue = "0,1ms,10ms", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Store latencies of the find-max runs. Default: ${DEFAULT-VALUE}.")
    Duration[] latencies;

    @Option(names = "--writers", defaultValue = "4", paramLabel = "N",
            description = "Consumer store writers in the find-max runs. Default: ${DEFAULT-VALUE}.")
    int writers;

    @Option(names = "--store-batch", defaultValue = "100", paramLabel = "N",
            description = "Consumer store batch in the find-max runs. Default: ${DEFAULT-VALUE}.")
    int storeBatch;

    @Option(names = "--step-duration", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Find-max step length. Default: ${DEFAULT-VALUE}.")
    Duration stepDuration;

    @Option(names = "--latency-bound", defaultValue = "500ms", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Find-max bound on p99. Default: ${DEFAULT-VALUE}.")
    Duration latencyBound;

    @Option(names = "--skip", split = ",", paramLabel = "PART",
            description = "Parts to leave out: noop, accuracy, find-max.")
    List<String> skip = new ArrayList<>();

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    /** Where the bare loop's result goes, so it cannot be optimised away. */
    private static volatile long made;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || seconds > 600) {
            throw new ParameterException(spec.commandLine(), "--seconds must be between 1 and 600 (was " + seconds + ")");
        }
        System.out.printf(Locale.ROOT, "loadtest benchmark on 127.0.0.1, %d cores (generator and consumer share "
                + "them)%n", Runtime.getRuntime().availableProcessors());
        if (!skip.contains("noop")) {
            noop();
        }
        Vertx vertx = Vertx.vertx();
        try {
            if (!skip.contains("accuracy")) {
                accuracy(vertx);
            }
            if (!skip.contains("find-max")) {
                findMax(vertx);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** The generator against a target that answers at once, next to making the same messages and nothing else. */
    private void noop() throws InterruptedException {
        long n = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        IntendedSchedule schedule = ProfileSettings.steady(1e8).schedule(1);
        SplittableRandom values = new SplittableRandom(1);
        long start = System.nanoTime();
        long sink = 0;
        while ((n & 1023) != 0 || System.nanoTime() < deadline) {
            long at = schedule.nextNanos();
            Message m = Message.of("bench", n++, values.nextInt(1, 101), at / 1000);
            sink += m.id().length();
        }
        double bare = n / ((System.nanoTime() - start) / 1e9);
        made = sink; // keeps the JIT from dropping the loop as dead code
        double top = 0;
        for (int batch : new int[] {10, 100}) {
            LoadStats stats = new LoadStats();
            long begin = System.nanoTime();
            OpenLoop loop = new OpenLoop(new OpenLoop.Config("bench", ProfileSettings.steady(1e8).schedule(1), 1, begin,
                    begin + TimeUnit.SECONDS.toNanos(seconds), Long.MAX_VALUE, 0, batch, 0, 64), new NoopTransport(),
                    stats, OpenLoop.SYSTEM);
            loop.start();
            if (!loop.awaitShutdown(java.time.Duration.ofSeconds(seconds + 30L))) {
                loop.initiateShutdown();
                throw new IllegalStateException("the generator did not end within " + (seconds + 30) + " s");
            }
            double rate = stats.sent.sum() / ((loop.doneNanos() - begin) / 1e9);
            top = Math.max(top, rate);
            System.out.printf(Locale.ROOT, "  generator, no-op target, batches of %d: %,.0f msgs/s%n", batch, rate);
        }
        System.out.printf(Locale.ROOT, "generator top rate (no-op target): %,.0f msgs/s = %.2fx of making the messages "
                + "alone (%,.0f msgs/s; schedule, ids and values, nothing sent)%n", top, top / bare, bare);
    }

    /** Steady runs against a real consumer on loopback: achieved vs target. */
    private void accuracy(Vertx vertx) throws Exception {
        System.out.printf(Locale.ROOT, "rate accuracy, steady profile, %d s each after a 2 s warm-up (and one "
                + "unmeasured 3 s run), consumer with store latency 0, 4 writers x batch 500:%n", seconds);
        System.out.printf(Locale.ROOT, "  %10s %12s %9s %10s %10s%n", "target/s", "achieved/s", "error", "p99 ms",
                "delayed");
        try (ConsumerProcess consumer = ConsumerProcess.startTemporary(List.of("--store-latency", "0ms",
                "--store-jitter", "0ms", "--writers", "4", "--batch-size", "500", "--queue-capacity", "100000"))) {
            HttpTransport transport = new HttpTransport(vertx, consumer.url(), "/messages", 64, 30_000);
            try (ConsumerProbe probe = new ConsumerProbe(vertx, consumer.url(), null)) {
                // both JVMs start cold: an unmeasured run first, so the table shows the steady state
                run(transport, probe, 5000, Duration.ofSeconds(3), Duration.ZERO, 100);
                for (double rate : rates) {
                    LoadRun.Result r = run(transport, probe, rate, Duration.ofSeconds(seconds + 2),
                            Duration.ofSeconds(2), 100);
                    Measures m = r.measures();
                    System.out.printf(Locale.ROOT, "  %,10.0f %,12.1f %8.2f%% %10.2f %10d%n", rate, m.achievedRate(),
                            (m.achievedRate() - m.targetRate()) / m.targetRate() * 100,
                            m.latency().getValueAtPercentile(99) / 1000.0, m.delayed());
                }
            } finally {
                transport.close();
            }
        }
    }

    private LoadRun.Result run(HttpTransport transport, ConsumerProbe probe, double rate, Duration length,
                               Duration warmup, int batch) throws InterruptedException {
        LoadRun.Options options = LoadRun.Options.steady("bench", "bench-" + Math.round(rate) + "-" + System.nanoTime(),
                rate, 1, length, warmup, batch, Duration.ofMillis(2), 64, Duration.ofSeconds(60));
        return new LoadRun(options, transport, probe, null, QUIET, new Event()).run();
    }

    /** The consumer's max sustainable rate per store latency, next to the arithmetic limit. */
    private void findMax(Vertx vertx) throws Exception {
        FindMax search = new FindMax(99, latencyBound.toNanos() / 1e6, 0.05, 14);
        System.out.printf(Locale.ROOT, "max sustainable rate (find-max: %s; steps of %d s; the generator sends "
                + "batches of up to 100):%n", search.criteria(), stepDuration.toSeconds());
        System.out.printf(Locale.ROOT, "  %14s %16s %18s %14s %10s  %s%n", "store latency", "writers x batch",
                "arithmetic limit", "max msgs/s", "of limit", "limited by");
        for (Duration latency : latencies) {
            try (ConsumerProcess consumer = ConsumerProcess.startTemporary(List.of("--store-latency",
                    latency.toMillis() + "ms", "--store-jitter", "0ms", "--writers", String.valueOf(writers),
                    "--batch-size", String.valueOf(storeBatch), "--queue-capacity", "200000"))) {
                HttpTransport transport = new HttpTransport(vertx, consumer.url(), "/messages", 64, 30_000);
                try (ConsumerProbe probe = new ConsumerProbe(vertx, consumer.url(), null)) {
                    run(transport, probe, 1000, Duration.ofSeconds(3), Duration.ZERO, 100);
                    Duration warm = Duration.ofMillis(Math.min(2_000, stepDuration.toMillis() / 5));
                    FindMax.Outcome o = search.search(1000, rate -> {
                        try {
                            return run(transport, probe, rate, stepDuration, warm, 100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return null;
                        }
                    }, () -> false);
                    double limit = latency.isZero() ? Double.NaN : writers * storeBatch / (latency.toNanos() / 1e9);
                    FindMax.Step best = o.best();
                    String stage = best == null ? "?" : BottleneckReadout.readout(best.result()).getString("stage");
                    System.out.printf(Locale.ROOT, "  %14s %16s %18s %,14.0f %10s  %s (%d steps)%n",
                            latency.isZero() ? "0" : latency.toMillis() + " ms", writers + " x " + storeBatch,
                            latency.isZero() ? "none (real write)" : String.format(Locale.ROOT, "%,.0f", limit),
                            o.maxRate(), latency.isZero() ? "-" : String.format(Locale.ROOT, "%.2fx", o.maxRate() / limit),
                            stage, o.steps().size());
                } finally {
                    transport.close();
                }
            }
        }
    }
}
