package io.burstpipe.api;

import io.burstpipe.api.ConsumerStats.Batches;
import io.burstpipe.api.ConsumerStats.Connections;
import io.burstpipe.api.ConsumerStats.Interval;
import io.burstpipe.api.ConsumerStats.Kafka;
import io.burstpipe.api.ConsumerStats.Messages;
import io.burstpipe.api.ConsumerStats.Percentiles;
import io.burstpipe.api.ConsumerStats.Queue;
import io.burstpipe.api.ConsumerStats.Rates;
import io.burstpipe.api.ConsumerStats.Work;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link ConsumerStats} as the JSON of {@code GET /stats} (and of each dashboard event): the one place its shape is
 * written and read. The last interval's figures sit at the top level ({@code ratePerSec}, {@code storeLatencyMs},
 * ..., {@code storeBusy}), as the dashboard reads them.
 */
public final class ConsumerStatsJson {

    private ConsumerStatsJson() {
    }

    public static JsonObject encode(ConsumerStats s) {
        JsonObject json = new JsonObject()
                .put("time", s.timeMillis()).put("policy", s.policy()).put("paused", s.paused())
                .put("stopping", s.stopping()).put("store", s.store())
                .put("queue", new JsonObject().put("depth", s.queue().depth()).put("capacity", s.queue().capacity())
                        .put("highWater", s.queue().highWater()))
                .put("messages", messages(s.messages()))
                .put("batches", new JsonObject().put("received", s.batches().received())
                        .put("invalid", s.batches().invalid()).put("inflight", s.batches().inflight()))
                .put("failedWrites", s.failedWrites())
                .put("connections", connections(s.connections()))
                .put("work", work(s.work()));
        s.lastInterval().ifPresent(i -> json.put("ratePerSec", new JsonObject().put("in", i.ratePerSec().in())
                        .put("accepted", i.ratePerSec().accepted()).put("stored", i.ratePerSec().stored()))
                .put("storeLatencyMs", percentiles(i.storeLatencyMs())).put("endToEndMs", percentiles(i.endToEndMs()))
                .put("sendDelayMs", percentiles(i.sendDelayMs())).put("queueWaitMs", percentiles(i.queueWaitMs()))
                .put("storeBusy", i.storeBusy()).put("depthMin", i.depthMin()).put("depthMax", i.depthMax()));
        s.kafka().ifPresent(k -> {
            JsonObject lag = new JsonObject();
            new TreeMap<>(k.partitionLag()).forEach((partition, l) -> lag.put(String.valueOf(partition), l));
            json.put("kafka", new JsonObject().put("paused", k.paused()).put("lag", k.lag()).put("partitionLag", lag)
                    .put("pauses", k.pauses()).put("resumes", k.resumes()).put("undecodable", k.undecodable())
                    .put("deadLettered", k.deadLettered()).put("deadLetterFailures", k.deadLetterFailures())
                    .put("commits", k.commits()));
        });
        return json;
    }

    /**
     * Reads a consumer's stats.
     *
     * @throws IllegalArgumentException if the JSON is not a burstpipe consumer's (another endpoint's, say)
     */
    public static ConsumerStats decode(JsonObject json) {
        try {
            JsonObject q = json.getJsonObject("queue");
            JsonObject w = json.getJsonObject("work");
            JsonObject b = json.getJsonObject("batches");
            if (q == null || w == null || b == null || !json.containsKey("time")) {
                throw new IllegalArgumentException("not a burstpipe consumer's /stats (no queue, work, batches, time)");
            }
            JsonObject c = json.getJsonObject("connections");
            Optional<Interval> interval = json.containsKey("ratePerSec") ? Optional.of(interval(json)) : Optional.empty();
            return new ConsumerStats(json.getLong("time"), json.getString("policy", ""),
                    json.getBoolean("paused", false), json.getBoolean("stopping", false), json.getString("store", ""),
                    new Queue(q.getInteger("depth"), q.getInteger("capacity"), q.getInteger("highWater")),
                    messages(json.getJsonObject("messages")),
                    new Batches(b.getLong("received"), b.getLong("invalid"), b.getInteger("inflight")),
                    json.getLong("failedWrites", 0L), c == null ? Connections.NONE : connections(c), work(w), interval,
                    Optional.ofNullable(json.getJsonObject("kafka")).map(ConsumerStatsJson::kafka));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a burstpipe consumer's /stats: " + e.getMessage(), e);
        }
    }

    private static JsonObject messages(Messages m) {
        return new JsonObject().put("received", m.received()).put("accepted", m.accepted()).put("stored", m.stored())
                .put("duplicates", m.duplicates()).put("rejected", m.rejected()).put("dropped", m.dropped())
                .put("notAccepted", m.notAccepted()).put("abandoned", m.abandoned());
    }

    private static Messages messages(JsonObject m) {
        return new Messages(m.getLong("received"), m.getLong("accepted"), m.getLong("stored"), m.getLong("duplicates"),
                m.getLong("rejected"), m.getLong("dropped"), m.getLong("notAccepted"), m.getLong("abandoned"));
    }

    private static JsonObject connections(Connections c) {
        return new JsonObject().put("open", c.open()).put("refused", c.refused())
                .put("headerTimeouts", c.headerTimeouts()).put("bodyBytesInUse", c.bodyBytesInUse())
                .put("bodyTimeouts", c.bodyTimeouts()).put("bodyBudgetRefusals", c.bodyBudgetRefusals());
    }

    private static Connections connections(JsonObject c) {
        return new Connections(c.getInteger("open"), c.getLong("refused"), c.getLong("headerTimeouts"),
                c.getLong("bodyBytesInUse"), c.getLong("bodyTimeouts"), c.getLong("bodyBudgetRefusals"));
    }

    private static JsonObject work(Work w) {
        return new JsonObject().put("writers", w.writers()).put("storeBatches", w.storeBatches())
                .put("storeBusyNanos", w.storeBusyNanos()).put("queueWaitNanos", w.queueWaitNanos())
                .put("queueWaitCount", w.queueWaitCount()).put("depthTime", w.depthTime())
                .put("sampledMicros", w.sampledMicros()).put("pushBackNanos", w.pushBackNanos())
                .put("loadedMicros", w.loadedMicros()).put("busyWriterMicros", w.busyWriterMicros());
    }

    private static Work work(JsonObject w) {
        return new Work(w.getInteger("writers"), w.getLong("storeBatches"), w.getLong("storeBusyNanos"),
                w.getLong("queueWaitNanos"), w.getLong("queueWaitCount"), w.getLong("depthTime"),
                w.getLong("sampledMicros"), w.getLong("pushBackNanos", 0L),
                w.getLong("loadedMicros", 0L), w.getLong("busyWriterMicros", 0L));
    }

    private static JsonObject percentiles(Percentiles p) {
        return new JsonObject().put("count", p.count()).put("p50", p.p50()).put("p99", p.p99()).put("max", p.max());
    }

    private static Percentiles percentiles(JsonObject p) {
        return new Percentiles(p.getLong("count"), p.getDouble("p50"), p.getDouble("p99"), p.getDouble("max"));
    }

    private static Interval interval(JsonObject json) {
        JsonObject r = json.getJsonObject("ratePerSec");
        return new Interval(new Rates(r.getDouble("in"), r.getDouble("accepted"), r.getDouble("stored")),
                percentiles(json.getJsonObject("storeLatencyMs")), percentiles(json.getJsonObject("endToEndMs")),
                percentiles(json.getJsonObject("sendDelayMs")), percentiles(json.getJsonObject("queueWaitMs")),
                json.getDouble("storeBusy"), json.getInteger("depthMin", 0), json.getInteger("depthMax", 0));
    }

    private static Kafka kafka(JsonObject k) {
        Map<Integer, Long> lag = new TreeMap<>();
        k.getJsonObject("partitionLag", new JsonObject()).forEach(e -> lag.put(Integer.parseInt(e.getKey()),
                ((Number) e.getValue()).longValue()));
        return new Kafka(k.getBoolean("paused"), k.getLong("lag"), lag, k.getLong("pauses"), k.getLong("resumes"),
                k.getLong("undecodable"), k.getLong("deadLettered"), k.getLong("deadLetterFailures"),
                k.getLong("commits"));
    }
}
