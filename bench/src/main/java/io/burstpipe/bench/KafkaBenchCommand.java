package io.burstpipe.bench;

import io.burstpipe.transport.TransportKind;
import io.burstpipe.transport.KafkaTransport;
import io.burstpipe.loadtest.ConsumerProcess;
import io.burstpipe.loadtest.Report;
import io.burstpipe.producer.ProducerStats;
import io.burstpipe.producer.ProducerConfig;
import io.burstpipe.producer.ProducerCore;
import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.kafka.KafkaTopics;
import io.burstpipe.profile.ProfileSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench kafka}: end-to-end throughput over the Kafka transport (this producer's core into a topic, the
 * consumer jar reading it into its store with latency 0), next to Kafka's own pair doing the same trip at the same
 * time (ProducerPerformance and ConsumerPerformance at once on a fresh topic of 6 partitions, same broker, same
 * record size), both timed from the first record sent to the last one consumed or stored, in the same run; and
 * each side alone next to Kafka's tool for it.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end msgs/s over Kafka with store latency 0, next to Kafka's own producer and "
                + "consumer running together (ProducerPerformance + ConsumerPerformance) on the same broker, record "
                + "size and partitions, both from the first send to the last record consumed, as a ratio; and each "
                + "side alone next to Kafka's tool for it. Needs a running broker (--kafka-bootstrap)."})
public final class KafkaBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka-bootstrap", defaultValue = "127.0.0.1:19092", paramLabel = "HOST:PORT",
            description = "Broker to measure against (scripts/kafka-broker.sh start gives one). Default: ${DEFAULT-VALUE}.")
    String bootstrap;

    @Option(names = "--kafka-tools-classpath", defaultValue = "kafka-broker/target/broker.classpath",
            paramLabel = "FILE", description = "Classpath file with kafka-tools (ProducerPerformance). "
            + "Default: ${DEFAULT-VALUE}.")
    Path toolsClasspath;

    @Option(names = "--messages", defaultValue = "1000000", paramLabel = "N",
            description = "Messages per run. Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--store-batch", defaultValue = "5000", paramLabel = "N",
            description = "The consumer's store batch (--batch-size): messages a writer forces to disk at once (at "
                    + "1000 the writers wait on the disk's forces and the cores idle). Default: ${DEFAULT-VALUE}.")
    int storeBatch;

    @Option(names = "--writers", defaultValue = "2", paramLabel = "N",
            description = "The consumer's store writers. Default: ${DEFAULT-VALUE}.")
    int writers;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Rounds of Kafka's pair then ours end to end, each on fresh topics; the medians are "
                    + "compared (a shared machine moves either by a third from one minute to the next). "
                    + "Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || storeBatch < 1 || writers < 1 || messages < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds, --store-batch, --writers and --messages must "
                    + "be 1 or more (were " + rounds + ", " + storeBatch + ", " + writers + ", " + messages + ")");
        }
        if (!Files.isRegularFile(toolsClasspath)) {
            throw new ParameterException(spec.commandLine(), toolsClasspath + " not found; build it with ./mvnw -B "
                    + "generate-resources -pl kafka-broker (the kafka-broker module writes the tools classpath)");
        }
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        int recordBytes = io.burstpipe.message.MessageJson.array(List.of(io.burstpipe.message.Message.of(
                "bench", messages - 1, 42, System.currentTimeMillis() * 1000))).length() - 2;
        System.out.printf(Locale.ROOT, "kafka benchmark against %s, %d cores shared by broker, producer and consumer; "
                + "%,d records of ~%d bytes%n", bootstrap, Runtime.getRuntime().availableProcessors(), messages,
                recordBytes);
        KafkaTools tools = new KafkaTools(bootstrap, toolsClasspath);
        long[] cpuBefore = cpuTimes();
        double perf = tools.produce("perf-" + suffix, messages, recordBytes);
        System.out.printf(Locale.ROOT, "ProducerPerformance alone (acks=all, idempotent): %,9.0f records/s%s%n", perf,
                cpuBusy(cpuBefore, cpuTimes()));
        double[] pairs = new double[rounds];
        double[] ours = new double[rounds];
        pairs[0] = kafkaPair(tools, "pair-" + suffix, recordBytes);
        cpuBefore = cpuTimes();
        KafkaTools.Consumed consumerPerf = tools.consume("pair-" + suffix, messages);
        System.out.printf(Locale.ROOT, "ConsumerPerformance alone (draining that topic): %,9.0f records/s (from its "
                + "start, group join included)%s%n", consumerPerf.perSecond(), cpuBusy(cpuBefore, cpuTimes()));
        Vertx vertx = Vertx.vertx();
        try {
            alone(vertx, "alone-" + suffix, perf, consumerPerf.perSecond(), pairs[0]);
            ours[0] = endToEnd(vertx, tools, "e2e-" + suffix, pairs[0]);
            for (int round = 1; round < rounds; round++) {
                System.out.printf(Locale.ROOT, "round %d:%n", round + 1);
                pairs[round] = kafkaPair(tools, "pair-" + suffix + "-" + round, recordBytes);
                ours[round] = endToEnd(vertx, tools, "e2e-" + suffix + "-" + round, pairs[round]);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (rounds > 1) {
            double pair = median(pairs);
            double end = median(ours);
            System.out.printf(Locale.ROOT, "medians of %d rounds: Kafka's pair %,.0f records/s, burstpipe end to end "
                    + "%,.0f msgs/s = %.2fx of Kafka's pair (goal >= 0.8x)%n", rounds, pair, end, end / pair);
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Kafka's producer and consumer tools at once on a fresh topic: records/s from the first send to the last read. */
    private double kafkaPair(KafkaTools tools, String topic, int recordBytes) throws Exception {
        KafkaTopics.ensure(bootstrap, topic, 6, (short) 1);
        long[] cpuBefore = cpuTimes();
        KafkaTools.Consumed c = tools.pair(topic, messages, recordBytes);
        String cpu = cpuBusy(cpuBefore, cpuTimes());
        long first = tools.firstSendMillis(topic);
        double rate = c.messages() / Math.max(1e-3, (c.endMillis() - first) / 1000.0);
        System.out.printf(Locale.ROOT, "Kafka's pair (ProducerPerformance + ConsumerPerformance at once, 6 partitions): "
                + "%,.0f records/s from the first send to the last record consumed (the consumer from its start: "
                + "%,.0f records/s)%s%n", rate, c.perSecond(), cpu);
        return rate;
    }

    /** The producer into a topic, then the consumer draining it, each on its own; and what both allow in turn. */
    private void alone(Vertx vertx, String topic, double perf, double consumerPerf, double pair) throws Exception {
        Rate producer = timed(() -> produce(vertx, topic).run());
        System.out.printf(Locale.ROOT, "burstpipe producer alone (into a topic):      %,9.0f msgs/s = %.2fx of "
                + "ProducerPerformance%s%n", producer.perSecond(), producer.perSecond() / perf, producer.cpu());
        Rate consumer;
        try (ConsumerProcess c = startConsumer(topic)) {
            consumer = timed(() -> c.awaitStored(messages, Duration.ofMinutes(10)));
        }
        System.out.printf(Locale.ROOT, "burstpipe consumer alone (draining it):       %,9.0f msgs/s = %.2fx of "
                + "ConsumerPerformance (from ready, group join included; decoded and stored)%s%n",
                consumer.perSecond(), consumer.perSecond() / consumerPerf, consumer.cpu());
        double serial = 1 / (1 / producer.perSecond() + 1 / consumer.perSecond());
        System.out.printf(Locale.ROOT, "the two one after the other:                  %,9.0f msgs/s = %.2fx of "
                + "Kafka's pair (what sharing the cores allows when neither overlaps the other)%n", serial,
                serial / pair);
    }

    /**
     * Producer and consumer at once, through the topic into the store, timed as Kafka's pair is: from the first
     * record's send (its create time) to the moment the consumer has stored the last one.
     */
    private double endToEnd(Vertx vertx, KafkaTools tools, String topic, double pair) throws Exception {
        Rate ours;
        long storedAt;
        try (ConsumerProcess c = startConsumer(topic)) {
            Runnable run = produce(vertx, topic);
            ours = timed(() -> {
                CompletableFuture<Void> producing = CompletableFuture.runAsync(run);
                c.awaitStored(messages, Duration.ofMinutes(10));
                producing.get(1, TimeUnit.MINUTES); // a failed producer fails the benchmark
            });
            storedAt = ours.endedAtMillis();
        }
        double rate = messages / Math.max(1e-3, (storedAt - tools.firstSendMillis(topic)) / 1000.0);
        System.out.printf(Locale.ROOT, "burstpipe end to end (producer -> topic -> consumer -> store, latency 0): "
                + "%,.0f msgs/s from the first send to the last message stored = %.2fx of Kafka's pair (goal >= "
                + "0.8x)%s%n", rate, rate / pair, ours.cpu());
        return rate;
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A step's --messages per second, how busy the machine's cores were meanwhile, and when it ended. */
    private record Rate(double perSecond, String cpu, long endedAtMillis) {
    }

    private Rate timed(Step step) throws Exception {
        long[] cpuBefore = cpuTimes();
        long start = System.nanoTime();
        step.run();
        long ended = System.currentTimeMillis();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate(messages / seconds, cpuBusy(cpuBefore, cpuTimes()), ended);
    }

    /** Machine-wide {busy, total} CPU time from /proc/stat, or null where there is none (not Linux). */
    private static long[] cpuTimes() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String cpuBusy(long[] before, long[] after) {
        if (before == null || after == null || after[1] <= before[1]) {
            return "";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "; CPU busy %.2f of %d cores", cores * (double) (after[0] - before[0])
                / (after[1] - before[1]), cores);
    }

    private ConsumerProcess startConsumer(String topic) throws Exception {
        return ConsumerProcess.startTemporary(List.of("--store-latency", "0ms", "--store-jitter", "0ms",
                "--batch-size", String.valueOf(storeBatch), "--writers", String.valueOf(writers), "--queue-capacity",
                String.valueOf(Math.max(20000, 4 * storeBatch * writers)), "--transport", "kafka",
                "--kafka-bootstrap", bootstrap, "--kafka-topic", topic, "--kafka-group", topic,
                "--kafka-partitions", "6"));
    }

    /** A run of this producer's core sending --messages into {@code topic}, failing unless all are acknowledged. */
    private Runnable produce(Vertx vertx, String topic) {
        return () -> {
            KafkaSettings kafka = new KafkaSettings(bootstrap, topic, 6, topic, 5, 131072, false, null);
            ProducerConfig config = new ProducerConfig("http://127.0.0.1:1", "bench", ProfileSettings.steady(1e8), 1,
                    1000, Duration.ofMillis(5), 16, Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(60),
                    Duration.ZERO, messages, Duration.ofSeconds(120), "127.0.0.1", 0, TransportKind.KAFKA, kafka);
            try (KafkaTransport transport = new KafkaTransport(vertx, kafka, 60_000)) {
                KafkaTopics.ensure(bootstrap, topic, 6, (short) 1);
                ProducerCore core = new ProducerCore(config, transport, new ProducerStats()).start();
                if (!core.generatorDone().await(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("producer: still generating after 10 minutes");
                }
                ProducerCore.Report report = core.drain();
                if (report.acked() != messages) {
                    throw new IllegalStateException("producer: " + report.acked() + " of " + messages
                            + " acknowledged");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        };
    }
}
