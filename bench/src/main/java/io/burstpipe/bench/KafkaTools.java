package io.burstpipe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Kafka's own performance tools as {@code bench kafka} runs them, each in a JVM of its own: {@code
 * ProducerPerformance} (acks=all, idempotent, {@code linger.ms=5}, {@code batch.size=131072}) and {@code
 * ConsumerPerformance}, alone or the two at once on one topic, and the first send time of a topic read back from
 * its records, so Kafka's pair and ours are timed the same way: from the first record sent to the last one
 * consumed, the JVMs' start-up left out.
 */
final class KafkaTools {

    /** ConsumerPerformance's time stamps, in its default format, on this machine's clock. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss:SSS");
    private static final Pattern PRODUCED = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

    /** What ConsumerPerformance measured: its start and end (epoch ms), and its rates with and without the join. */
    record Consumed(long startMillis, long endMillis, long messages, double perSecond, double fetchPerSecond) {
    }

    private final String bootstrap;
    private final String classpath;

    KafkaTools(String bootstrap, Path classpathFile) throws java.io.IOException {
        this.bootstrap = bootstrap;
        this.classpath = Files.readString(classpathFile).trim();
    }

    /** ProducerPerformance: {@code messages} records of {@code recordBytes} into {@code topic}; its records/s. */
    double produce(String topic, long messages, int recordBytes) throws Exception {
        return produced(await(producer(topic, messages, recordBytes), "ProducerPerformance"));
    }

    /** ConsumerPerformance: {@code messages} records of {@code topic} in a new group. */
    Consumed consume(String topic, long messages) throws Exception {
        return all(consumed(await(consumer(topic, messages), "ConsumerPerformance")), messages);
    }

    /** ProducerPerformance and ConsumerPerformance at once on {@code topic}; what the consumer side measured. */
    Consumed pair(String topic, long messages, int recordBytes) throws Exception {
        Running consumer = consumer(topic, messages);
        Running producer = producer(topic, messages, recordBytes);
        try {
            await(producer, "ProducerPerformance");
            return all(consumed(await(consumer, "ConsumerPerformance")), messages);
        } finally {
            consumer.kill();
            producer.kill();
        }
    }

    /** When the first record of {@code topic} was sent: the earliest create time at the start of its partitions. */
    long firstSendMillis(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic, java.time.Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            long first = Long.MAX_VALUE;
            for (TopicPartition tp : partitions) {
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                List<ConsumerRecord<byte[], byte[]>> got = List.of();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    got = c.poll(java.time.Duration.ofMillis(500)).records(tp);
                }
                if (!got.isEmpty()) {
                    first = Math.min(first, got.get(0).timestamp());
                }
            }
            if (first == Long.MAX_VALUE) {
                throw new IllegalStateException("no records in " + topic);
            }
            return first;
        }
    }

    /** A tool's process and the file its output goes to (so the time bound applies to the process, not a pipe). */
    private record Running(Process process, Path log) {
        void kill() throws Exception {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        }
    }

    private Running producer(String topic, long messages, int recordBytes) throws Exception {
        return start("producer-performance", List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", String.valueOf(messages), "--record-size", String.valueOf(recordBytes),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all",
                "enable.idempotence=true", "linger.ms=5", "batch.size=131072"));
    }

    private Running consumer(String topic, long messages) throws Exception {
        return start("consumer-performance", List.of("org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", bootstrap, "--topic", topic, "--messages", String.valueOf(messages),
                "--group", topic + "-" + System.nanoTime(), "--timeout", "600000", "--hide-header"));
    }

    private Running start(String name, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", classpath));
        command.addAll(args);
        Path log = Files.createTempFile(name, ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Running(process, log);
    }

    /** Waits up to 10 minutes for the tool; its output; fails if it did not finish or failed. */
    private static String await(Running r, String name) throws Exception {
        try {
            boolean ended = r.process().waitFor(10, TimeUnit.MINUTES);
            String out = Files.readString(r.log());
            if (!ended) {
                throw new IllegalStateException(name + " did not finish within 10 minutes:\n" + out);
            }
            if (r.process().exitValue() != 0) {
                throw new IllegalStateException(name + " failed (exit " + r.process().exitValue() + "):\n" + out);
            }
            return out;
        } finally {
            r.kill();
        }
    }

    /** ConsumerPerformance ends with a warning, not a failure, when it times out: that fails the benchmark. */
    private static Consumed all(Consumed c, long messages) {
        if (c.messages() < messages) {
            throw new IllegalStateException("ConsumerPerformance consumed " + c.messages() + " of " + messages
                    + " records before its timeout");
        }
        return c;
    }

    private static double produced(String out) {
        Matcher m = PRODUCED.matcher(out);
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(2));
        }
        if (last < 0) {
            throw new IllegalStateException("no summary in ProducerPerformance output:\n" + out);
        }
        return last;
    }

    /**
     * The result line: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
     * rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec.
     */
    static Consumed consumed(String out) {
        for (String line : out.lines().toList()) {
            String[] f = line.split(",\\s*");
            if (f.length >= 10 && f[0].matches("\\d{4}-\\d\\d-\\d\\d .*")) {
                return new Consumed(millis(f[0]), millis(f[1]), Long.parseLong(f[4].trim()),
                        Double.parseDouble(f[5]), Double.parseDouble(f[9]));
            }
        }
        throw new IllegalStateException("no result line in ConsumerPerformance output:\n" + out);
    }

    private static long millis(String stamp) {
        return LocalDateTime.parse(stamp.trim(), STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
}
