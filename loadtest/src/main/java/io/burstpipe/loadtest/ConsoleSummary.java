package io.burstpipe.loadtest;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * The summary a run prints, in the shape of {@code kafka-producer-perf-test} plus the three latencies, the loss
 * check, the drain (or backlog), the bottleneck readout and each threshold's verdict, read from the typed result.
 */
final class ConsoleSummary {

    private ConsoleSummary() {
    }

    /**
     * @param kafka        the target was a Kafka topic (its drain waits for the group's lag)
     * @param storeCounted the stored figure is the store's own count of the run's producer (a consumer the load test
     *                     started, whose restarts reset {@code /stats}), not the difference of {@code /stats}
     */
    static void print(Console c, LoadRun.Result r, JsonObject bottleneck, int maxInflight, boolean kafka,
                      boolean storeCounted) {
        Measures m = r.measures();
        Histogram lat = m.latency();
        c.say("summary: %d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th.", m.sent(),
                r.sendSeconds() > 0 ? m.sent() / r.sendSeconds() : 0, r.mbPerSec(), avg(lat), max(lat), ms(lat, 50),
                ms(lat, 95), ms(lat, 99), ms(lat, 99.9));
        c.say("summary: measured %.1f s after a %.1f s warm-up: %.1f of %.1f target msgs/s sent; latency is from the "
                        + "intended send time (corrected for coordinated omission)", r.measuredSeconds(),
                r.options().warmup().toMillis() / 1000.0, m.achievedRate(), m.targetRate());
        Histogram sv = m.service();
        c.say("summary: service time (from the actual send, uncorrected): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                + "max %.2f ms", ms(sv, 50), ms(sv, 99), ms(sv, 99.9), max(sv));
        Histogram d = m.sendDelay();
        c.say("summary: send delay (actual minus intended send time): p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                        + "%d measured messages delayed by the in-flight bound of %d (%d with the warm-up)",
                ms(d, 50), ms(d, 99), max(d), m.delayed(), maxInflight, r.delayedAll());
        c.say("summary: %d requests, %d failed%s", r.requests(), r.errorRequests(),
                r.lastError().isEmpty() ? "" : " (last: " + r.lastError() + ")");
        lossCheck(c, r, storeCounted);
        drain(c, r, kafka);
        c.say("bottleneck: %s: %s", bottleneck.getString("stage"), bottleneck.getString("reason"));
        if (bottleneck.containsKey("littlesLaw")) {
            c.say("bottleneck: Little's law: %s", bottleneck.getString("littlesLaw"));
        }
        for (LoadRun.Verdict v : r.verdicts()) {
            c.say("threshold %s %s", v.passed() ? "passed:" : "FAILED:", v.explanation());
        }
        if (r.aborted() != null) {
            c.say("aborted: %s", r.aborted());
        }
    }

    private static void lossCheck(Console c, LoadRun.Result r, boolean storeCounted) {
        Measures m = r.measures();
        String stored = r.storedDelta() < 0 ? "stored unknown (no consumer " + (storeCounted ? "store count)"
                : "/stats)") : "stored " + r.storedDelta() + (storeCounted ? " (counted by the consumer's store)"
                : " (consumer /stats)");
        boolean storedOk = r.storedDelta() < 0 || r.storedDelta() >= m.acked();
        c.say("loss check: sent %d, acknowledged %d, %s, dropped %d, failed %d, unanswered %d: lost %d: %s", m.sent(),
                m.acked(), stored, m.dropped(), m.errored(), r.unanswered(), m.lost(),
                m.lost() == 0 && storedOk ? "OK" : storedOk ? "LOSS" : "LOSS (fewer stored than acknowledged)");
        if (storeCounted && r.storedDelta() >= 0) {
            long ackedLost = Math.max(0, m.acked() - r.storedDelta());
            c.say("loss check: acknowledged but not in the store: %d: %s", ackedLost, ackedLost == 0 ? "OK (every "
                    + "acknowledged message is durable)" : "LOSS");
        }
    }

    private static void drain(Console c, LoadRun.Result r, boolean kafka) {
        if (r.backlog() != null) {
            JsonObject b = r.backlog();
            c.say("backlog: %d of %d messages waiting at resume; %d stored from the resume until drained in %.3f s "
                            + "(drain rate %.0f msgs/s)%s", b.getLong("atResume"), b.getLong("messages"),
                    b.getLong("storedAfterResume"), b.getDouble("drainSeconds"), b.getDouble("drainRatePerSec"),
                    b.getBoolean("drained") ? "" : " -- NOT drained within --drain-timeout");
        } else if (r.drainMillis() >= 0) {
            c.say("drain: everything answered%s, %d ms after the last send", kafka
                    ? " and the group's lag back to 0" : "", r.drainMillis());
        }
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double max(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
    }

    private static double avg(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : Report.round(h.getMean() / 1000.0, 2);
    }
}
