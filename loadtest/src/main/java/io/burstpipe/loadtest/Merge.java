package io.burstpipe.loadtest;

import io.burstpipe.api.ConsumerStats;
import io.burstpipe.api.ConsumerStatsJson;
import io.burstpipe.profile.Segment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The segments of one seeded schedule, merged exactly into the result of the whole run: their stored histograms
 * added (so every percentile is the union's), their counters summed, their per-second series summed second by
 * second with each second's percentiles from the sum of that second's histograms, and the thresholds judged on the
 * merged figures as a run of the whole schedule would judge them.
 *
 * <p>Each segment's series is on its own timeline (seconds since its start); segments started together with
 * {@code --start-at} line up on the wall clock too.
 */
final class Merge {

    /** What must be the same in every segment for them to be one schedule. */
    static final List<String> SAME_SCHEDULE = List.of("producerId", "seed", "profileSettings", "durationSeconds",
            "messagesLimit", "warmupSeconds");
    /** What may differ, but is worth saying when it does. */
    static final List<String> NOTED = List.of("target", "transport", "batchSize", "maxInflight", "linger", "version");

    /** The merged run and notes on how its segments differed. */
    record Merged(LoadRun.Result result, JsonObject description, List<String> notes) {
    }

    private final List<SegmentResult> runs;
    private final List<String> notes = new ArrayList<>();

    private Merge(List<SegmentResult> runs) {
        this.runs = runs.stream().sorted(Comparator.comparingInt(r -> r.segment().index())).toList();
    }

    /**
     * @param thresholds judged on the merged result; empty for the segments' own
     * @throws IllegalArgumentException if the results are not the segments of one schedule, saying how
     */
    static Merged of(List<SegmentResult> runs, List<Threshold> thresholds) {
        Merge m = new Merge(runs);
        m.check();
        return m.merge(thresholds.isEmpty() ? m.ownThresholds() : thresholds);
    }

    private void check() {
        int count = runs.get(0).segment().count();
        Set<Integer> seen = new java.util.TreeSet<>();
        for (SegmentResult r : runs) {
            if (r.segment().count() != count) {
                throw new IllegalArgumentException(r.source() + " is segment " + r.segment() + ", " + runs.get(0)
                        .source() + " segment " + runs.get(0).segment() + ": they are cut into different counts");
            }
            if (!seen.add(r.segment().index())) {
                throw new IllegalArgumentException("segment " + r.segment() + " is given twice");
            }
        }
        if (seen.size() != count) {
            Set<Integer> missing = new java.util.TreeSet<>();
            for (int i = 1; i <= count; i++) {
                missing.add(i);
            }
            missing.removeAll(seen);
            throw new IllegalArgumentException("segments " + missing.stream().map(i -> i + "/" + count)
                    .collect(Collectors.joining(", ")) + " missing: merging needs all " + count + " of the schedule");
        }
        for (String key : SAME_SCHEDULE) {
            if (values(key).size() > 1) {
                throw new IllegalArgumentException("the results are not one schedule: " + key + " differs ("
                        + String.join(" vs ", values(key)) + ")");
            }
        }
        for (String key : NOTED) {
            if (values(key).size() > 1) {
                notes.add(key + " differs between the segments (" + String.join(" vs ", values(key)) + ")");
            }
        }
    }

    private Set<String> values(String key) {
        return runs.stream().map(r -> String.valueOf(r.doc().getValue(key)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The thresholds the segments were run with, each once. */
    private List<Threshold> ownThresholds() {
        Set<String> texts = new LinkedHashSet<>();
        for (SegmentResult r : runs) {
            for (Object o : r.doc().getJsonArray("thresholds", new JsonArray())) {
                texts.add(((JsonObject) o).getString("threshold"));
            }
        }
        return texts.stream().map(Threshold::parse).toList();
    }

    private long sum(String total) {
        return runs.stream().mapToLong(r -> r.totals().getLong(total, 0L)).sum();
    }

    private double max(String total) {
        return runs.stream().mapToDouble(r -> r.totals().getDouble(total, 0.0)).max().orElse(0);
    }

    private Histogram added(String name) {
        Histogram h = new Histogram(3);
        runs.forEach(r -> h.add(r.histogram(name)));
        return h;
    }

    private Merged merge(List<Threshold> thresholds) {
        double measuredSeconds = max("measuredSeconds");
        double target = runs.stream().mapToDouble(r -> r.totals().getDouble("targetRatePerSec", 0.0)).sum();
        Measures measures = new Measures(added("corrected"), added("service"), added("sendDelay"), sum("sent"),
                sum("acked"), sum("errors"), sum("delayed"), sum("dropped"),
                sum("measuredSent") / Math.max(1e-9, measuredSeconds), target);
        MergedSeries series = MergedSeries.of(runs);
        WindowJudge windows = new WindowJudge(thresholds);
        for (int k = 0; k < series.points().size(); k++) {
            JsonObject p = series.points().get(k);
            if (windows.any() && !"warmup".equals(p.getString("phase"))) {
                windows.add(new WindowJudge.Second(p.getDouble("t"), series.second(k), p.getLong("sent"),
                        p.getLong("errors"), p.getLong("delayed"), p.getLong("dropped")));
            }
        }
        List<LoadRun.Verdict> verdicts = new ArrayList<>();
        List<LoadRun.Verdict> windowed = windows.verdicts();
        for (Threshold th : thresholds) {
            verdicts.add(th.windowed() ? windowed.stream().filter(v -> v.threshold() == th).findFirst().orElseThrow()
                    : new LoadRun.Verdict(th, th.holds(measures), th.explain(measures)));
        }
        JsonObject first = runs.get(0).doc();
        LoadRun.Options options = options(first, thresholds);
        // each segment counted its own ids (older results: the consumer's whole count, of which the latest is the most)
        boolean own = runs.stream().allMatch(r -> "segment".equals(r.totals().getString("storedScope")));
        long stored = own ? (runs.stream().anyMatch(r -> r.totals().getLong("stored", -1L) < 0) ? -1
                : sum("stored")) : runs.stream().mapToLong(r -> r.totals().getLong("stored", -1L)).max().orElse(-1);
        LoadRun.Result result = new LoadRun.Result(options, first.getString("profile"),
                runs.stream().mapToLong(SegmentResult::startedAtMillis).min().orElseThrow(), measures,
                sum("requests"), sum("bytes"), sum("errorRequests"), sum("unanswered"), max("sendSeconds"),
                measuredSeconds, series.points(), stored, verdicts, aborted(), consumerWindow(), Optional.empty(),
                runs.stream().anyMatch(r -> r.totals().getLong("drainMillis", -1L) < 0) ? -1 : (long) max("drainMillis"),
                null, lastError(), sum("delayedAll"), series.latencyLog(), faults());
        return new Merged(result, description(first), List.copyOf(notes));
    }

    private LoadRun.Options options(JsonObject first, List<Threshold> thresholds) {
        long limit = first.getLong("messagesLimit", 0L);
        return new LoadRun.Options("merged", first.getString("producerId"),
                ProfileJson.decode(first.getJsonObject("profileSettings")), first.getLong("seed"),
                Duration.ofMillis(Math.round(first.getDouble("durationSeconds") * 1000)),
                limit == 0 ? Long.MAX_VALUE : limit, Duration.ofMillis(Math.round(first.getDouble("warmupSeconds")
                * 1000)), first.getInteger("batchSize"), Duration.parse(first.getString("linger")), maxInflight(),
                Duration.ZERO, thresholds, false, false, Segment.WHOLE, Optional.empty());
    }

    /** The requests the segments could have out at once between them. */
    int maxInflight() {
        return runs.stream().mapToInt(r -> r.doc().getInteger("maxInflight")).sum();
    }

    private String aborted() {
        return runs.stream().filter(r -> r.doc().getString("aborted") != null).findFirst()
                .map(r -> "segment " + r.segment() + ": " + r.doc().getString("aborted")).orElse(null);
    }

    /** The faults every segment fired (a segment with --fault fires them on its consumer), in time order. */
    private List<JsonObject> faults() {
        return runs.stream().flatMap(r -> r.doc().getJsonArray("faults", new JsonArray()).stream()
                        .map(o -> ((JsonObject) o).copy().put("segment", r.segment().toString())))
                .sorted(Comparator.comparingDouble(f -> f.getDouble("t", 0.0))).toList();
    }

    private String lastError() {
        return runs.stream().map(r -> r.doc().getString("lastError", "")).filter(e -> !e.isEmpty()).findFirst()
                .orElse("");
    }

    /**
     * Every segment's readings of the consumer, in time order (they read the same one): the bottleneck is judged
     * over the span from the first segment's first reading to the last one's last. None if the targets differ.
     */
    private List<ConsumerStats> consumerWindow() {
        if (values("target").size() > 1) {
            return List.of();
        }
        TreeMap<Long, ConsumerStats> byTime = new TreeMap<>();
        for (SegmentResult r : runs) {
            for (Object o : r.doc().getJsonArray("consumerWindow", new JsonArray())) {
                ConsumerStats s = ConsumerStatsJson.decode((JsonObject) o);
                byTime.putIfAbsent(s.timeMillis(), s);
            }
        }
        return List.copyOf(byTime.values());
    }

    /** The first segment's description of the run, as of the whole schedule and naming what was merged. */
    private JsonObject description(JsonObject first) {
        JsonObject run = new JsonObject().put("tool", "burstpipe loadtest merge");
        for (String key : List.of("target", "transport", "producerId", "seed", "batchSize", "warmupSeconds",
                "version", "profileSettings", "durationSeconds", "messagesLimit", "linger")) {
            run.put(key, first.getValue(key));
        }
        JsonArray segments = new JsonArray();
        for (SegmentResult r : runs) {
            JsonObject t = r.totals();
            segments.add(new JsonObject().put("segment", r.segment().toString()).put("source", r.source().toString())
                    .put("startedAt", r.doc().getString("startedAt")).put("sent", t.getLong("sent"))
                    .put("ratePerSec", t.getDouble("ratePerSec"))
                    .put("p99Ms", r.doc().getJsonObject("latencyMs").getJsonObject("corrected").getDouble("p99")));
        }
        long spread = runs.stream().mapToLong(SegmentResult::startedAtMillis).max().orElseThrow()
                - runs.stream().mapToLong(SegmentResult::startedAtMillis).min().orElseThrow();
        return run.put("maxInflight", maxInflight()).put("segment", new JsonObject().put("index", 1)
                        .put("count", 1).put("mergedFrom", runs.size()))
                .put("startSpreadMillis", spread).put("segments", segments).put("notes", new JsonArray(notes));
    }
}
