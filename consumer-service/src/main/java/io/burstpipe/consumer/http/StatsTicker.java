package io.burstpipe.consumer.http;

import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.intake.IntakeStats;
import io.burstpipe.consumer.kafka.KafkaIntakeStats;
import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.WriterStats;
import io.burstpipe.api.Bottleneck;
import io.burstpipe.api.ConsumerStats;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Makes one {@link ConsumerStats} per tick: counters, per-second rates, and the latency percentiles of the last
 * interval. The one reader of the interval histograms: call {@link #tick()} from one thread; {@link #latest()} from
 * any.
 */
public final class StatsTicker {

    /** Ticks (seconds) the consumer's own bottleneck readout looks back over. */
    public static final int BOTTLENECK_WINDOW_TICKS = 10;

    private final ConsumerCore core;
    private final IntSupplier inflight;
    private final KafkaIntakeStats kafka;
    private final Supplier<ConsumerStats.Connections> connections;
    private final ProducerReports reports;
    /** The producers' running totals at each tick in {@link #recent}, in step with it. */
    private final ArrayDeque<ProducerReports.Totals> recentTotals = new ArrayDeque<>();
    private volatile Optional<ProducerReports.Now> senders = Optional.empty();
    private long lastNanos = System.nanoTime();
    private long lastAccepted;
    private long lastStored;
    private long lastReceived;
    private long lastBusy;
    private volatile Optional<ConsumerStats.Interval> lastInterval = Optional.empty();
    /** The last ticks' counters, oldest first: the window the consumer's own bottleneck readout is judged on. */
    private final ArrayDeque<ConsumerStats> recent = new ArrayDeque<>();
    private volatile Optional<Bottleneck.Readout> bottleneck = Optional.empty();
    /**
     * Queue depth sampled every {@link #sampleDepth} call, each sample weighted by the microseconds since the one
     * before (a late timer does not over-weight what it finds): depth × time and time, for the time-averaged depth
     * over any span; the same for the time there was work and the writers writing in it.
     */
    private final LongAdder depthTime = new LongAdder();
    private final LongAdder sampledMicros = new LongAdder();
    private final LongAdder loadedMicros = new LongAdder();
    private final LongAdder busyWriterMicros = new LongAdder();
    /** The sampling period the timer is set to, and the most one sample may stand for (a stalled loop). */
    static final long SAMPLE_PERIOD_MILLIS = 10;
    private static final long NOMINAL_SAMPLE_MICROS = SAMPLE_PERIOD_MILLIS * 1000;
    private static final long MAX_SAMPLE_MICROS = 1_000_000;
    private long lastSampleNanos = -1;
    /** Lowest and highest depth sampled since the last tick; sampling and ticks run on one thread. */
    private int depthMin = Integer.MAX_VALUE;
    private int depthMax;
    private final FineDepth fine = new FineDepth();

    /**
     * @param connections the HTTP front's connection and request-body figures
     * @param reports     the producers' own figures; read on the ticking thread only
     */
    StatsTicker(ConsumerCore core, IntSupplier inflight, KafkaIntakeStats kafka,
                Supplier<ConsumerStats.Connections> connections, ProducerReports reports) {
        this.core = core;
        this.reports = reports;
        this.inflight = inflight;
        this.kafka = kafka;
        this.connections = connections;
    }

    /**
     * Samples the queue depth and the writers writing; called every few milliseconds, so the mean depth and the
     * writers' busy share while there was work are time averages. Returns a point of the fine depth series when one
     * is complete.
     */
    public Optional<DepthPoint> sampleDepth() {
        int depth = core.pipeline().depth();
        int writing = core.writerStats().writing.get();
        long now = System.nanoTime();
        long micros = lastSampleNanos < 0 ? NOMINAL_SAMPLE_MICROS
                : Math.min(MAX_SAMPLE_MICROS, Math.max(0, (now - lastSampleNanos) / 1000));
        lastSampleNanos = now;
        depthTime.add(depth * micros);
        sampledMicros.add(micros);
        depthMin = Math.min(depthMin, depth);
        depthMax = Math.max(depthMax, depth);
        if (depth > 0 || writing > 0) {
            loadedMicros.add(micros);
            busyWriterMicros.add(writing * micros);
        }
        return fine.sample(depth, System.currentTimeMillis());
    }

    /** The lowest and highest queue depth sampled in the {@value FineDepth#STEP_MILLIS} ms up to {@code timeMillis}. */
    public record DepthPoint(long timeMillis, int min, int max) {
    }

    /** Depth samples gathered into {@link DepthPoint}s, one per {@value #STEP_MILLIS} ms. Sampling thread only. */
    private static final class FineDepth {
        static final long STEP_MILLIS = 100;
        private long fromMillis = -1;
        private int min = Integer.MAX_VALUE;
        private int max;

        Optional<DepthPoint> sample(int depth, long nowMillis) {
            if (fromMillis < 0) {
                fromMillis = nowMillis - nowMillis % STEP_MILLIS;
            }
            min = Math.min(min, depth);
            max = Math.max(max, depth);
            if (nowMillis - fromMillis < STEP_MILLIS) {
                return Optional.empty();
            }
            DepthPoint point = new DepthPoint(nowMillis, min, max);
            fromMillis = nowMillis - nowMillis % STEP_MILLIS;
            min = Integer.MAX_VALUE;
            max = 0;
            return Optional.of(point);
        }
    }

    /**
     * Which stage limits throughput over the last {@value #BOTTLENECK_WINDOW_TICKS} ticks, by the same logic as the
     * load test's readout (without a load generator's own figures); empty until two ticks have passed. Any thread.
     */
    public Optional<Bottleneck.Readout> bottleneck() {
        return bottleneck;
    }

    /** The producers that report their own figures, as of the last tick; empty if none does. Any thread. */
    Optional<ProducerReports.Now> senders() {
        return senders;
    }

    /** Live counters and queue state, with the rates and latency percentiles of the last full tick. Any thread. */
    public ConsumerStats latest() {
        ConsumerStats live = counters();
        Optional<ConsumerStats.Interval> last = lastInterval;
        return last.map(live::withInterval).orElse(live);
    }

    private ConsumerStats counters() {
        IntakeStats in = core.intakeStats();
        WriterStats out = core.writerStats();
        BoundedPipeline<?> pipeline = core.pipeline();
        return new ConsumerStats(System.currentTimeMillis(), core.policy().cliName(), core.isPaused(),
                core.isStopping(), core.store().describe(),
                new ConsumerStats.Queue(pipeline.depth(), pipeline.capacity(), pipeline.highWaterMark()),
                new ConsumerStats.Messages(in.received.sum(), in.accepted.sum(), out.stored.sum(),
                        out.duplicates.sum(), in.rejected.sum(), in.dropped.sum(), in.notAccepted.sum(),
                        out.abandoned.sum()),
                new ConsumerStats.Batches(in.batches.sum(), in.invalidBatches.sum(), inflight.getAsInt()),
                out.failedWrites.sum(), connections.get(),
                new ConsumerStats.Work(core.writers(), out.batches.sum(), out.busyNanos.sum(), core.intake().queueWaitNanos(),
                        in.queueWaitCount.sum(), depthTime.sum(), sampledMicros.sum(), core.intake().pushBackNanos(),
                        loadedMicros.sum(), busyWriterMicros.sum()),
                Optional.empty(), kafka == null ? Optional.empty() : Optional.of(kafka()));
    }

    private ConsumerStats.Kafka kafka() {
        return new ConsumerStats.Kafka(kafka.isPaused(), kafka.lag(), kafka.partitionLag(), kafka.pauses.sum(),
                kafka.resumes.sum(), kafka.undecodable.sum(), kafka.deadLettered.sum(), kafka.deadLetterFailures.sum(),
                kafka.commits.sum());
    }

    /** Closes the interval: its rates and percentiles become the last interval's. */
    public ConsumerStats tick() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        IntakeStats in = core.intakeStats();
        WriterStats out = core.writerStats();
        long received = in.received.sum();
        long accepted = in.accepted.sum();
        long stored = out.stored.sum() + out.duplicates.sum();
        long busy = out.busyNanos.sum();
        boolean sampled = depthMin != Integer.MAX_VALUE; // else no sample since the last tick: the depth now
        int depthNow = core.pipeline().depth();
        ConsumerStats.Interval interval = new ConsumerStats.Interval(
                new ConsumerStats.Rates((received - lastReceived) / seconds, (accepted - lastAccepted) / seconds,
                        (stored - lastStored) / seconds),
                percentiles(out.storeLatency.takeInterval()), percentiles(out.endToEnd.takeInterval()),
                percentiles(in.sendDelay.takeInterval()), percentiles(in.queueWait.takeInterval()),
                Math.min(1.0, (busy - lastBusy) / 1e9 / seconds / core.writers()),
                sampled ? depthMin : depthNow, sampled ? depthMax : depthNow);
        depthMin = Integer.MAX_VALUE;
        depthMax = 0;
        lastBusy = busy;
        lastReceived = received;
        lastAccepted = accepted;
        lastStored = stored;
        lastInterval = Optional.of(interval);
        ConsumerStats counted = counters();
        senders = reports.now(counted.timeMillis());
        recent.addLast(counted);
        recentTotals.addLast(reports.totals());
        if (recent.size() > BOTTLENECK_WINDOW_TICKS + 1) {
            recent.removeFirst();
            recentTotals.removeFirst();
        }
        bottleneck = recent.size() < 2 ? Optional.empty()
                : Optional.of(Bottleneck.judge(sender(), List.copyOf(recent)));
        return counted.withInterval(interval);
    }

    /** What the reporting producers did over the window, if any reported in it. */
    private Optional<Bottleneck.Sender> sender() {
        double seconds = (recent.getLast().timeMillis() - recent.getFirst().timeMillis()) / 1000.0;
        return senders.isEmpty() ? Optional.empty() : recentTotals.getLast().since(recentTotals.getFirst(), seconds);
    }

    private static ConsumerStats.Percentiles percentiles(Histogram h) {
        return new ConsumerStats.Percentiles(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
