package io.burstpipe.bench;

import io.burstpipe.transport.TransportKind;
import io.burstpipe.transport.KafkaTransport;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench kafka}: end-to-end throughput over the Kafka transport (this producer's core into a topic,
 * the consumer jar reading it into its store with latency 0), next to Kafka's own ProducerPerformance
 * against the same broker with the same record size, in the same run.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end msgs/s over Kafka with store latency 0, next to Kafka's ProducerPerformance "
                + "on the same broker and record size, as a ratio. Needs a running broker (--kafka-bootstrap)."})
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

    @Override
    public Integer call() throws Exception {
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
        long[] cpuBefore = cpuTimes();
        double perf = producerPerformance("perf-" + suffix, recordBytes);
        System.out.printf(Locale.ROOT, "ProducerPerformance (acks=all, idempotent):   %,9.0f records/s%s%n", perf,
                cpuBusy(cpuBefore, cpuTimes()));
        Vertx vertx = Vertx.vertx();
        try {
            alone(vertx, "alone-" + suffix, perf);
            endToEnd(vertx, "e2e-" + suffix, perf);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** The producer into a topic, then the consumer draining it, each on its own; and what both allow in turn. */
    private void alone(Vertx vertx, String topic, double perf) throws Exception {
        Rate producer = timed(() -> produce(vertx, topic).run());
        System.out.printf(Locale.ROOT, "burstpipe producer alone (into a topic):      %,9.0f msgs/s = %.2fx of "
                + "ProducerPerformance%s%n", producer.perSecond(), producer.perSecond() / perf, producer.cpu());
        Rate consumer;
        try (BenchConsumer c = startConsumer(topic)) {
            consumer = timed(() -> c.awaitStored(messages, Duration.ofMinutes(10)));
        }
        System.out.printf(Locale.ROOT, "burstpipe consumer alone (draining it):       %,9.0f msgs/s (from ready, "
                + "group join included)%s%n", consumer.perSecond(), consumer.cpu());
        double serial = 1 / (1 / producer.perSecond() + 1 / consumer.perSecond());
        System.out.printf(Locale.ROOT, "the two one after the other:                  %,9.0f msgs/s = %.2fx "
                + "(what sharing the cores allows when neither waits on the other)%n", serial, serial / perf);
    }

    /** Producer and consumer at once, through the topic into the store. */
    private void endToEnd(Vertx vertx, String topic, double perf) throws Exception {
        Rate ours;
        try (BenchConsumer c = startConsumer(topic)) {
            Runnable run = produce(vertx, topic);
            ours = timed(() -> {
                CompletableFuture<Void> producing = CompletableFuture.runAsync(run);
                c.awaitStored(messages, Duration.ofMinutes(10));
                producing.get(1, TimeUnit.MINUTES); // a failed producer fails the benchmark
            });
        }
        System.out.printf(Locale.ROOT, "burstpipe end to end (producer -> topic -> consumer -> store, latency 0): "
                + "%,.0f msgs/s = %.2fx of ProducerPerformance (goal >= 0.9x)%s%n", ours.perSecond(),
                ours.perSecond() / perf, ours.cpu());
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A step's --messages per second, and how busy the machine's cores were meanwhile. */
    private record Rate(double perSecond, String cpu) {
    }

    private Rate timed(Step step) throws Exception {
        long[] cpuBefore = cpuTimes();
        long start = System.nanoTime();
        step.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate(messages / seconds, cpuBusy(cpuBefore, cpuTimes()));
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

    private BenchConsumer startConsumer(String topic) throws Exception {
        return BenchConsumer.start(List.of("--store-latency", "0ms", "--store-jitter", "0ms",
                "--batch-size", "1000", "--writers", "2", "--queue-capacity", "20000", "--transport", "kafka",
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

    private double producerPerformance(String topic, int recordBytes) throws Exception {
        List<String> command = List.of(javaBin(), "-Xmx512m", "-cp", Files.readString(toolsClasspath).trim(),
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records",
                String.valueOf(messages), "--record-size", String.valueOf(recordBytes), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true",
                "linger.ms=5", "batch.size=131072");
        // output to a file, so the 10-minute bound applies to the process and not to reading its pipe
        Path log = Files.createTempFile("producer-performance", ".log");
        String out;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = process.waitFor(10, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            out = Files.readString(log);
            if (!ended) {
                throw new IllegalStateException("ProducerPerformance did not finish within 10 minutes:\n" + out);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("ProducerPerformance failed (exit " + process.exitValue() + "):\n"
                        + out);
            }
        } finally {
            Files.deleteIfExists(log);
        }
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec").matcher(out);
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(2));
        }
        if (last < 0) {
            throw new IllegalStateException("no summary in ProducerPerformance output:\n" + out);
        }
        return last;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
