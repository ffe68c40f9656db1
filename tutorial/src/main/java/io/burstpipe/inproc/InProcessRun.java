package io.burstpipe.inproc;

import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.StoreWriter;
import io.burstpipe.flow.WriterStats;
import io.burstpipe.message.Message;
import io.burstpipe.metrics.LatencyRecorder;
import io.burstpipe.store.EmbeddedStore;
import io.burstpipe.store.MemoryStore;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.SlowStore;
import io.burstpipe.store.StoreException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The whole story in one JVM: producer threads following a rate profile, a bounded queue, store
 * writer threads, a slow store. Prints a status line per interval; on stop it stops producing, drains
 * the queue within a bound, closes the store and checks, by counting ids in the store, that every
 * produced message was stored.
 *
 * <p>{@link #run} is called once, from one thread; {@link #stop()} may be called from any thread
 * (a signal handler, a test).
 */
public final class InProcessRun {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long JOIN_GRACE_MILLIS = 5_000;

    private final InProcessConfig config;
    private final String runId;
    private final PrintStream out;
    private final Event stop = new Event();
    private final Event abandon = new Event();
    private final Event inputDone = new Event();
    private final Event finished = new Event();
    private final Event finishedStatus = new Event();
    private final BoundedPipeline<Message> pipeline;
    private final WriterStats stats = new WriterStats();
    private final LongAdder produced = new LongAdder();
    private final List<ProducerLoop> producers = new ArrayList<>();

    /** @param runId prefix of this run's producer names, so runs sharing a store stay apart */
    public InProcessRun(InProcessConfig config, String runId, PrintStream out) {
        this.config = config;
        this.runId = runId;
        this.out = out;
        this.pipeline = new BoundedPipeline<>(config.queueCapacity());
    }

    /** Asks the run to stop producing and drain; returns at once. */
    public void stop() {
        stop.set();
    }

    /** Set once {@link #run} has printed its summary. */
    public Event finished() {
        return finished;
    }

    public RunSummary run() throws StoreException, InterruptedException {
        try (MessageStore store = openStore()) {
            say("run %s: %s; queue capacity %d; %d producer(s), %d writer(s), batch %d; store %s", runId,
                    config.profile().describe(), config.queueCapacity(), config.producers(), config.writers(),
                    config.batchSize(), store.describe());
            long start = System.nanoTime();
            List<Thread> writerThreads = startWriters(store);
            List<Thread> producerThreads = startProducers(start);
            Thread status = startThread("status", () -> printStatusUntilFinished(start));
            Thread watcher = new Thread(() -> stopWhenProducersEnd(producerThreads), "producers-done");
            watcher.setDaemon(true);
            watcher.start();
            if (config.duration().isZero()) {
                stop.await();
            } else {
                stop.await(config.duration());
            }
            stop.set();
            long stopAt = System.nanoTime();
            say("stopping: producers stop, the queue (%d/%d) drains, the store flushes", pipeline.depth(),
                    pipeline.capacity());
            long deadline = stopAt + config.drainTimeout().toNanos();
            joinUntil(producerThreads, deadline);
            inputDone.set();
            joinUntil(writerThreads, deadline);
            abandon.set();
            joinUntil(producerThreads, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_GRACE_MILLIS));
            joinUntil(writerThreads, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_GRACE_MILLIS));
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            RunSummary summary = summarise(store, TimeUnit.NANOSECONDS.toMillis(stopAt - start), drainMillis);
            finishedStatus.set();
            status.join(JOIN_GRACE_MILLIS);
            summary.lines().forEach(line -> say("%s", line));
            return summary;
        } finally {
            finishedStatus.set();
            finished.set();
        }
    }

    private MessageStore openStore() throws StoreException {
        MessageStore base = config.storeDir() == null ? new MemoryStore() : EmbeddedStore.open(config.storeDir());
        return new SlowStore(base, config.storeLatency(), config.storeJitter(), config.storeFailureRate(),
                config.seed());
    }

    private List<Thread> startWriters(MessageStore store) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.writers(); i++) {
            StoreWriter<Message> writer = StoreWriter.of(pipeline, store, config.batchSize(), inputDone, abandon, stats);
            threads.add(startThread("store-writer-" + i, writer));
        }
        return threads;
    }

    private List<Thread> startProducers(long startNanos) {
        long startEpochMicros = System.currentTimeMillis() * 1000;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.producers(); i++) {
            long seed = config.seed() * 31 + i;
            ProducerLoop loop = new ProducerLoop(runId + "-p" + i, config.profile().schedule(seed), ~seed, pipeline,
                    stop, abandon, startNanos, startEpochMicros, produced, config.messages());
            producers.add(loop);
            threads.add(startThread("producer-" + i, loop));
        }
        return threads;
    }

    /** Producers with a message limit or a finite schedule end on their own; then the run stops. */
    private void stopWhenProducersEnd(List<Thread> producerThreads) {
        try {
            for (Thread thread : producerThreads) {
                thread.join();
            }
            stop.set();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread startThread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }

    private static void joinUntil(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (leftMillis > 0) {
                thread.join(leftMillis);
            }
        }
    }

    private void printStatusUntilFinished(long startNanos) {
        try {
            while (!finishedStatus.await(config.statusInterval())) {
                Histogram store = stats.storeLatency.takeInterval();
                say("produced=%d stored=%d queue=%d/%d high-water=%d blocked=%dms store-p99=%s",
                        produced.sum(), stats.stored.sum(), pipeline.depth(), pipeline.capacity(),
                        pipeline.highWaterMark(), TimeUnit.NANOSECONDS.toMillis(pipeline.producerBlockedNanos()),
                        LatencyRecorder.millis(store.getValueAtPercentile(99.0)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RunSummary summarise(MessageStore store, long elapsedMillis, long drainMillis) {
        List<String> mismatches = new ArrayList<>();
        long counted = 0;
        long unsent = 0;
        for (ProducerLoop p : producers) {
            long inStore = store.countByProducer(p.producer());
            counted += inStore;
            unsent += p.unsent();
            if (inStore != p.produced()) {
                mismatches.add(p.producer() + " produced " + p.produced() + ", stored " + inStore);
            }
        }
        Histogram storeLatency = stats.storeLatency.total();
        Histogram endToEnd = stats.endToEnd.total();
        return new RunSummary(produced.sum(), stats.stored.sum(), counted, stats.duplicates.sum(),
                stats.failedWrites.sum(), unsent, stats.abandoned.sum() + pipeline.depth(),
                pipeline.highWaterMark(), pipeline.capacity(),
                TimeUnit.NANOSECONDS.toMillis(pipeline.producerBlockedNanos()),
                storeLatency.getValueAtPercentile(50), storeLatency.getValueAtPercentile(99),
                storeLatency.getMaxValue(), endToEnd.getValueAtPercentile(50), endToEnd.getValueAtPercentile(99),
                elapsedMillis, drainMillis, List.copyOf(mismatches));
    }

    private void say(String format, Object... args) {
        out.println(LocalTime.now().format(CLOCK) + ": " + String.format(Locale.ROOT, format, args));
    }
}
