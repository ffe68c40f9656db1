package io.burstpipe.inproc;

import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.Event;
import io.burstpipe.flow.StoppableWorker;
import io.burstpipe.flow.StoreWriter;
import io.burstpipe.flow.WriterStats;
import io.burstpipe.message.Message;
import io.burstpipe.metrics.LatencyRecorder;
import io.burstpipe.profile.MessageStream;
import io.burstpipe.store.EmbeddedStore;
import io.burstpipe.store.MemoryStore;
import io.burstpipe.store.MessageStore;
import io.burstpipe.store.SlowStore;
import io.burstpipe.store.StoreException;
import java.io.PrintStream;
import java.time.Duration;
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
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration STOP_CHECK = Duration.ofMillis(50);

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
    private final List<StoreWriter<Message>> writers = new ArrayList<>();

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
            startWriters(store);
            startProducers(start);
            Thread status = new Thread(() -> printStatusUntilFinished(start), "status");
            status.start();
            awaitStop();
            long stopAt = System.nanoTime();
            say("stopping: producers stop, the queue (%d/%d) drains, the store flushes", pipeline.depth(),
                    pipeline.capacity());
            drain(stopAt + config.drainTimeout().toNanos());
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            RunSummary summary = summarise(store, TimeUnit.NANOSECONDS.toMillis(stopAt - start), drainMillis);
            finishedStatus.set();
            status.join(GRACE.toMillis());
            summary.lines().forEach(line -> say("%s", line));
            return summary;
        } finally {
            finishedStatus.set();
            finished.set();
        }
    }

    /** Until --duration, {@link #stop()}, or every producer has ended by itself (a limit, a finite profile). */
    private void awaitStop() throws InterruptedException {
        long end = config.duration().isZero() ? Long.MAX_VALUE : System.nanoTime() + config.duration().toNanos();
        while (!stop.await(STOP_CHECK) && System.nanoTime() < end) {
            if (producers.stream().allMatch(p -> p.state() == StoppableWorker.State.STOPPED
                    || p.state() == StoppableWorker.State.FAILED)) {
                break;
            }
        }
        stop.set();
    }

    /** Producers stop; writers empty the queue until the deadline; then what is left is given up on. */
    private void drain(long deadlineNanos) throws InterruptedException {
        producers.forEach(StoppableWorker::initiateShutdown);
        awaitAll(producers, deadlineNanos);
        inputDone.set();
        awaitAll(writers, deadlineNanos);
        abandon.set();
        awaitAll(producers, System.nanoTime() + GRACE.toNanos());
        awaitAll(writers, System.nanoTime() + GRACE.toNanos());
    }

    private MessageStore openStore() throws StoreException {
        MessageStore base = config.storeDir() == null ? new MemoryStore() : EmbeddedStore.open(config.storeDir());
        return new SlowStore(base, config.storeLatency(), config.storeJitter(), config.storeFailureRate(),
                config.seed());
    }

    private void startWriters(MessageStore store) {
        for (int i = 0; i < config.writers(); i++) {
            StoreWriter<Message> writer = StoreWriter.of("store-writer-" + i, pipeline, store, config.batchSize(),
                    inputDone, abandon, stats);
            writers.add(writer);
            writer.start();
        }
    }

    private void startProducers(long startNanos) {
        long startEpochMicros = System.currentTimeMillis() * 1000;
        for (int i = 0; i < config.producers(); i++) {
            long seed = config.seed() * 31 + i;
            MessageStream stream = MessageStream.seeded(runId + "-p" + i, config.profile(), seed, startEpochMicros,
                    config.messages());
            ProducerLoop loop = new ProducerLoop(stream, pipeline, abandon, startNanos, produced);
            producers.add(loop);
            loop.start();
        }
    }

    private static void awaitAll(List<? extends StoppableWorker> workers, long deadlineNanos)
            throws InterruptedException {
        for (StoppableWorker worker : workers) {
            worker.awaitShutdown(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
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
        List<String> failures = new ArrayList<>();
        for (StoppableWorker worker : workers()) {
            worker.failure().ifPresent(e -> failures.add(worker.name() + " failed: " + e));
        }
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
                elapsedMillis, drainMillis, List.copyOf(mismatches), List.copyOf(failures));
    }

    private List<StoppableWorker> workers() {
        List<StoppableWorker> all = new ArrayList<>(producers);
        all.addAll(writers);
        return all;
    }

    private void say(String format, Object... args) {
        out.println(LocalTime.now().format(CLOCK) + ": " + String.format(Locale.ROOT, format, args));
    }
}
