package io.burstpipe.bench;

import io.burstpipe.transport.TransportKind;
import io.burstpipe.cli.DurationConverter;
import io.burstpipe.transport.HttpTransport;
import io.burstpipe.loadtest.ConsumerProcess;
import io.burstpipe.loadtest.Report;
import io.burstpipe.producer.ProducerStats;
import io.burstpipe.producer.ProducerConfig;
import io.burstpipe.producer.ProducerCore;
import io.burstpipe.profile.ProfileSettings;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@code bench http}: the consumer service as its own process on loopback, driven by this producer's
 * core as fast as it will take messages. Prints (1) HTTP ingest throughput with store latency 0 and
 * (2) throughput with a slow store next to its arithmetic limit, writers x batch / latency.
 */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"HTTP ingest throughput with store latency 0, and slow-store throughput against "
                + "writers x batch / latency. Starts a consumer process on 127.0.0.1; prints figures."})
public final class HttpBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--messages", defaultValue = "2000000", paramLabel = "N",
            description = "Messages for the ingest run. Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Ingest rounds (a fresh consumer each); the median is reported. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "N",
            description = "Messages per request in the ingest run. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--window", defaultValue = "8", paramLabel = "N",
            description = "Requests in flight. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--slow-latency", defaultValue = "10ms", converter = io.burstpipe.cli.DurationConverter.class,
            paramLabel = "TIME", description = "Store latency of the slow-store run. Default: ${DEFAULT-VALUE}.")
    Duration slowLatency;

    @Option(names = "--slow-writers", defaultValue = "4", paramLabel = "N",
            description = "Store writers of the slow-store run. Default: ${DEFAULT-VALUE}.")
    int slowWriters;

    @Option(names = "--slow-batch", defaultValue = "100", paramLabel = "N",
            description = "Store batch of the slow-store run. Default: ${DEFAULT-VALUE}.")
    int slowBatch;

    @Option(names = "--slow-seconds", defaultValue = "10", paramLabel = "S",
            description = "Rough length of the slow-store run. Default: ${DEFAULT-VALUE}.")
    int slowSeconds;

    @Option(names = "--wrk", defaultValue = "wrk", paramLabel = "PATH",
            description = "The wrk that measures each ingest round's consumer too (Debian's wrk package); without "
                    + "it the ingest figure stands alone. Default: ${DEFAULT-VALUE} (from the PATH).")
    String wrk;

    /** The consumer of the ingest rounds: store latency 0, 2 writers x batch 1000. */
    private static final List<String> INGEST_CONSUMER = List.of("--store-latency", "0ms", "--store-jitter", "0ms",
            "--batch-size", "1000", "--writers", "2", "--queue-capacity", "20000");

    @Override
    public Integer call() throws Exception {
        System.out.printf(Locale.ROOT, "http benchmark on 127.0.0.1, %d cores (producer and consumer share them)%n",
                Runtime.getRuntime().availableProcessors());
        if (rounds < 1 || rounds > 20) {
            throw new ParameterException(spec.commandLine(), "--rounds must be between 1 and 20 (was " + rounds + ")");
        }
        java.util.Optional<Wrk> anchor = Wrk.find(wrk);
        if (anchor.isEmpty()) {
            System.out.printf(Locale.ROOT, "  (no wrk: '%s' did not run, so no anchor for the ingest figure; Debian: "
                    + "apt-get install wrk)%n", wrk);
        }
        double[] ingest = new double[rounds];
        double[] wrkRates = new double[rounds];
        try (Wrk w = anchor.orElse(null)) {
            if (w != null) {
                // an unmeasured round first: on two cores this JVM's JIT compiles for some 15 s of load, and a
                // measured round with it would hold that compiling in our CPU and rate, not in wrk's
                run(INGEST_CONSUMER, messages, batchSize, w, 0);
            }
            for (int i = 0; i < rounds; i++) {
                double[] r = run(INGEST_CONSUMER, messages, batchSize, w, i + 1);
                ingest[i] = r[0];
                wrkRates[i] = r[1];
                if (w == null) {
                    System.out.printf(Locale.ROOT, "  ingest round %d: %,.0f msgs/s%n", i + 1, ingest[i]);
                }
            }
        }
        java.util.Arrays.sort(ingest);
        java.util.Arrays.sort(wrkRates);
        System.out.printf(Locale.ROOT, "ingest, store latency 0: %,.0f msgs/s median of %d rounds (%,d messages each, "
                + "batches of %d, window %d; goal >= 200,000)%n", ingest[rounds / 2], rounds, messages, batchSize,
                window);
        if (anchor.isPresent()) {
            System.out.printf(Locale.ROOT, "wrk, same consumers, same batches and connections: %,.0f msgs/s median; "
                    + "ingest = %.2fx of wrk's (goal >= 0.9x)%n", wrkRates[rounds / 2],
                    ingest[rounds / 2] / wrkRates[rounds / 2]);
        }
        double limit = slowWriters * slowBatch / (slowLatency.toNanos() / 1e9);
        long slowMessages = (long) (limit * slowSeconds);
        double slow = run(List.of("--store-latency", slowLatency.toMillis() + "ms", "--store-jitter", "0ms",
                "--batch-size", String.valueOf(slowBatch), "--writers", String.valueOf(slowWriters),
                "--queue-capacity", String.valueOf(slowWriters * slowBatch * 4)), slowMessages, 500, null, 0)[0];
        System.out.printf(Locale.ROOT, "slow store (%d writers x batch %d / %d ms = %,.0f msgs/s limit): %,.0f msgs/s "
                + "= %.2fx of the limit (goal >= 0.9x)%n", slowWriters, slowBatch, slowLatency.toMillis(), limit, slow,
                slow / limit);
        return 0;
    }

    /**
     * Starts a consumer with the flags, sends n messages as fast as it takes them; returns stored msgs/s and, with
     * {@code anchor}, what wrk stored per second from the same consumer right after (batches and connections alike).
     * With an anchor both meet the consumer warm: wrk warms it for 5 s and a run of ours of 1,000,000 messages
     * (5,000,000 in the unmeasured round 0) warms this JVM and the consumer's paths for our requests, so neither
     * figure holds JIT compiling.
     */
    private double[] run(List<String> consumerFlags, long n, int batch, Wrk anchor, int round) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--max-batch-messages", "100000", "--max-body-bytes", "67108864"));
        flags.addAll(consumerFlags);
        Vertx vertx = Vertx.vertx();
        try (ConsumerProcess consumer = ConsumerProcess.startTemporary(flags)) {
            String tag = round + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            if (anchor != null) {
                anchor.run(consumer, "wrkwarm" + tag, batch, window, 5);
                // counted in messages, not seconds: the producer's run length is on its schedule, and at a rate
                // no consumer reaches that schedule's seconds never come
                produce(vertx, consumer, "warm" + tag, round == 0 ? 5_000_000 : 1_000_000, batch);
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            Duration consumerBefore = Wrk.cpu(consumer.pid());
            long cpuBefore = os.getProcessCpuTime();
            double[] ours = produce(vertx, consumer, "bench" + tag, n, batch);
            double cpuPerMillion = (os.getProcessCpuTime() - cpuBefore) / 1e9 / (n / 1e6);
            double consumerCores = (Wrk.cpu(consumer.pid()).toNanos() - consumerBefore.toNanos()) / 1e9 / ours[1];
            if (anchor == null) {
                return new double[] {ours[0], Double.NaN};
            }
            Wrk.Run theirs = anchor.run(consumer, "wrk" + tag, batch, window, (int) Math.max(2, Math.round(ours[1])));
            System.out.printf(Locale.ROOT, round == 0 ? "  (warm-up round, not counted: ours %2$,.0f msgs/s, wrk "
                    + "%5$,.0f msgs/s)%n" : "  round %d: ours %,.0f msgs/s at %.2f CPU-s per million (consumer %.2f "
                            + "cores); wrk %,.0f msgs/s at %.2f CPU-s per million (consumer %.2f cores)%n", round,
                    ours[0], cpuPerMillion, consumerCores, theirs.rate(), theirs.cpuPerMillion(),
                    theirs.consumerCores());
            return new double[] {ours[0], theirs.rate()};
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The producer sends n messages as fast as the consumer takes them: acknowledged msgs/s and the seconds taken. */
    private double[] produce(Vertx vertx, ConsumerProcess consumer, String producer, long n, int batch)
            throws Exception {
        ProducerConfig config = new ProducerConfig(consumer.url(), producer, ProfileSettings.steady(1e8),
                1, batch, Duration.ofMillis(5), window, Duration.ofMillis(20), Duration.ofMillis(500),
                Duration.ofSeconds(60), Duration.ZERO, n, Duration.ofSeconds(120), "127.0.0.1", 0, TransportKind.HTTP,
                null);
        try (HttpTransport transport = new HttpTransport(vertx, config.target(), window, 60_000)) {
            ProducerCore core = new ProducerCore(config, transport, new ProducerStats());
            long start = System.nanoTime();
            core.start();
            core.generatorDone().await(10, TimeUnit.MINUTES);
            ProducerCore.Report report = core.drain();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!report.complete()) {
                throw new IllegalStateException("benchmark run lost messages: " + report);
            }
            return new double[] {report.acked() / seconds, seconds};
        }
    }
}
