package io.burstpipe.bench;

import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.StoreWriter;
import io.burstpipe.flow.WriterStats;
import io.burstpipe.message.Message;
import io.burstpipe.store.MemoryStore;
import io.burstpipe.store.MessageStore;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-process pipeline throughput (one producer thread, one store writer, store latency 0) against a
 * raw {@link ArrayBlockingQueue} with one thread calling {@code put} and one calling {@code take},
 * both measured in the same run on the same pre-built messages. Prints msgs/s and the ratio.
 */
public final class PipelineBenchmark {

    private final int messages;
    private final int rounds;
    private final PrintStream out;
    private final Message[] payload;

    /**
     * @param messages messages per measured round, at least 1000
     * @param rounds   measured rounds per variant (after one warm-up round); the median is reported
     */
    public PipelineBenchmark(int messages, int rounds, PrintStream out) {
        this.messages = messages;
        this.rounds = rounds;
        this.out = out;
        this.payload = new Message[messages];
        for (int i = 0; i < messages; i++) {
            payload[i] = Message.of("bench", i, 1 + i % 100, 0);
        }
    }

    /** A store with latency 0 that only counts what it is given: the pipeline's own cost, nothing else. */
    static final class CountingStore implements MessageStore {
        final LongAdder count = new LongAdder();

        @Override
        public int storeBatch(List<Message> batch, boolean[] fresh) {
            java.util.Arrays.fill(fresh, 0, batch.size(), true);
            count.add(batch.size());
            return batch.size();
        }

        @Override
        public long count() {
            return count.sum();
        }

        @Override
        public long countByProducer(String producer) {
            return count.sum();
        }

        @Override
        public boolean contains(String id) {
            return false;
        }

        @Override
        public String describe() {
            return "counting (latency 0)";
        }

        @Override
        public void close() {
        }
    }

    public void run(int... capacities) throws InterruptedException {
        out.printf(Locale.ROOT, "pipeline benchmark: %,d messages per round, median of %d rounds, %d cores%n",
                messages, rounds, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-9s %-38s %14s %8s%n", "capacity", "variant", "msgs/s", "ratio");
        for (int capacity : capacities) {
            double baseline = median(() -> rawQueue(capacity));
            double counting = median(() -> pipeline(capacity, new CountingStore()));
            double memory = median(() -> pipeline(capacity, new MemoryStore()));
            row(capacity, "ArrayBlockingQueue put/take (baseline)", baseline, baseline);
            row(capacity, "BoundedPipeline -> writer, store latency 0", counting, baseline);
            row(capacity, "BoundedPipeline -> writer -> MemoryStore", memory, baseline);
        }
    }

    private void row(int capacity, String variant, double perSec, double baseline) {
        out.printf(Locale.ROOT, "%-9d %-38s %,14.0f %7.2fx%n", capacity, variant, perSec, perSec / baseline);
    }

    private interface Round {
        long nanos() throws InterruptedException;
    }

    private double median(Round round) throws InterruptedException {
        round.nanos(); // warm-up
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            rates[i] = messages / (round.nanos() / 1e9);
        }
        Arrays.sort(rates);
        return rates[rounds / 2];
    }

    private long rawQueue(int capacity) throws InterruptedException {
        ArrayBlockingQueue<Message> queue = new ArrayBlockingQueue<>(capacity);
        CountDownLatch done = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < messages; i++) {
                    queue.take();
                }
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-take");
        long start = System.nanoTime();
        consumer.start();
        for (Message m : payload) {
            queue.put(m);
        }
        awaitOrFail(done);
        return System.nanoTime() - start;
    }

    private long pipeline(int capacity, MessageStore store) throws InterruptedException {
        BoundedPipeline<Message> pipeline = new BoundedPipeline<>(capacity);
        Event inputDone = new Event();
        Event abandon = new Event();
        WriterStats stats = new WriterStats();
        StoreWriter<Message> writer = StoreWriter.of("bench-writer", pipeline, store, Math.max(capacity, 1), inputDone,
                abandon, stats);
        long start = System.nanoTime();
        writer.start();
        for (Message m : payload) {
            pipeline.put(m, abandon);
        }
        inputDone.set();
        if (!writer.awaitShutdown(java.time.Duration.ofMinutes(5))) {
            abandon.set();
            throw new IllegalStateException("benchmark round did not finish within 5 minutes");
        }
        long nanos = System.nanoTime() - start;
        if (stats.stored.sum() + stats.duplicates.sum() != messages) {
            throw new IllegalStateException("pipeline delivered " + stats.stored.sum() + " of " + messages);
        }
        return nanos;
    }

    private static void awaitOrFail(CountDownLatch done) throws InterruptedException {
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("benchmark round did not finish within 5 minutes");
        }
    }
}
