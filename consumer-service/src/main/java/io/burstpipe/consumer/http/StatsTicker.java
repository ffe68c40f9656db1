package io.burstpipe.consumer.http;

import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.intake.IntakeStats;
import io.burstpipe.consumer.kafka.KafkaIntake;
import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.WriterStats;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Makes one snapshot per tick: counters, per-second rates, and the latency percentiles of the last
 * interval. The one reader of the interval histograms: call {@link #tick()} from one thread;
 * {@link #latest()} from any.
 */
public final class StatsTicker {

    private final ConsumerCore core;
    private final IntSupplier inflight;
    private final KafkaIntake kafka;
    private final Supplier<JsonObject> connections;
    private long lastNanos = System.nanoTime();
    private long lastAccepted;
    private long lastStored;
    private long lastReceived;
    private long lastBusy;
    private volatile JsonObject latest = new JsonObject();
    /** Queue depth sampled every {@link #sampleDepth} call: sum and count, for the mean depth over any span. */
    private final LongAdder depthSum = new LongAdder();
    private final LongAdder depthSamples = new LongAdder();

    /** @param connections the HTTP front's connection and request-body figures */
    public StatsTicker(ConsumerCore core, IntSupplier inflight, KafkaIntake kafka, Supplier<JsonObject> connections) {
        this.core = core;
        this.inflight = inflight;
        this.kafka = kafka;
        this.connections = connections;
    }

    /** Samples the queue depth; called every few milliseconds, so the mean depth is a time average. */
    public void sampleDepth() {
        depthSum.add(core.pipeline().depth());
        depthSamples.increment();
    }

    /**
     * Live counters and queue state, with the rates and latency percentiles of the last full tick.
     * Safe from any thread.
     */
    public JsonObject latest() {
        JsonObject last = latest;
        JsonObject live = counters();
        for (String key : new String[] {"ratePerSec", "storeLatencyMs", "endToEndMs", "sendDelayMs", "queueWaitMs",
                "storeBusy"}) {
            if (last.containsKey(key)) {
                live.put(key, last.getValue(key));
            }
        }
        return live;
    }

    private JsonObject counters() {
        IntakeStats in = core.intakeStats();
        WriterStats out = core.writerStats();
        BoundedPipeline<?> pipeline = core.pipeline();
        JsonObject counters = new JsonObject()
                .put("time", System.currentTimeMillis())
                .put("policy", core.policy().cliName())
                .put("paused", core.isPaused())
                .put("stopping", core.isStopping())
                .put("store", core.store().describe())
                .put("queue", new JsonObject().put("depth", pipeline.depth()).put("capacity", pipeline.capacity())
                        .put("highWater", pipeline.highWaterMark()))
                .put("messages", new JsonObject().put("received", in.received.sum()).put("accepted", in.accepted.sum())
                        .put("stored", out.stored.sum()).put("duplicates", out.duplicates.sum())
                        .put("rejected", in.rejected.sum()).put("dropped", in.dropped.sum())
                        .put("notAccepted", in.notAccepted.sum()).put("abandoned", out.abandoned.sum()))
                .put("batches", new JsonObject().put("received", in.batches.sum())
                        .put("invalid", in.invalidBatches.sum()).put("inflight", inflight.getAsInt()))
                .put("failedWrites", out.failedWrites.sum())
                .put("connections", connections.get())
                .put("work", new JsonObject()
                        .put("writers", core.writers())
                        .put("storeBatches", out.batches.sum())
                        .put("storeBusyNanos", out.busyNanos.sum())
                        .put("queueWaitNanos", in.queueWaitNanos.sum())
                        .put("queueWaitCount", in.queueWaitCount.sum())
                        .put("depthSum", depthSum.sum())
                        .put("depthSamples", depthSamples.sum()));
        if (kafka != null) {
            JsonObject partitionLag = new JsonObject();
            new TreeMap<>(kafka.partitionLag()).forEach((partition, lag) ->
                    partitionLag.put(String.valueOf(partition), lag));
            counters.put("kafka", new JsonObject().put("paused", kafka.isPaused()).put("lag", kafka.lag())
                    .put("partitionLag", partitionLag)
                    .put("pauses", kafka.pauses.sum()).put("resumes", kafka.resumes.sum())
                    .put("undecodable", kafka.undecodable.sum()).put("deadLettered", kafka.deadLettered.sum())
                    .put("deadLetterFailures", kafka.deadLetterFailures.sum()).put("commits", kafka.commits.sum()));
        }
        return counters;
    }

    public JsonObject tick() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        IntakeStats in = core.intakeStats();
        WriterStats out = core.writerStats();
        long received = in.received.sum();
        long accepted = in.accepted.sum();
        long stored = out.stored.sum() + out.duplicates.sum();
        long busy = out.busyNanos.sum();
        JsonObject snapshot = counters()
                .put("ratePerSec", new JsonObject().put("in", (received - lastReceived) / seconds)
                        .put("accepted", (accepted - lastAccepted) / seconds)
                        .put("stored", (stored - lastStored) / seconds))
                .put("storeLatencyMs", percentiles(out.storeLatency.takeInterval()))
                .put("endToEndMs", percentiles(out.endToEnd.takeInterval()))
                .put("sendDelayMs", percentiles(in.sendDelay.takeInterval()))
                .put("queueWaitMs", percentiles(in.queueWait.takeInterval()))
                .put("storeBusy", Math.min(1.0, (busy - lastBusy) / 1e9 / seconds / core.writers()));
        lastBusy = busy;
        lastReceived = received;
        lastAccepted = accepted;
        lastStored = stored;
        latest = snapshot;
        return snapshot;
    }

    private static JsonObject percentiles(Histogram h) {
        return new JsonObject().put("count", h.getTotalCount())
                .put("p50", h.getValueAtPercentile(50) / 1000.0)
                .put("p99", h.getValueAtPercentile(99) / 1000.0)
                .put("max", h.getMaxValue() / 1000.0);
    }
}
