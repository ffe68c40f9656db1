package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.burstpipe.api.ConsumerStats;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Locale;

/**
 * Says which stage limited throughput, with the numbers behind it: the arrival rate at the consumer,
 * the store writers' utilisation and service rate, the mean queue depth and mean queue wait, and the
 * Little's-law check (mean depth ≈ arrival rate × mean wait). Figures come from the consumer's
 * cumulative {@code /stats} counters at the start and the end of the measured span.
 */
public final class Bottleneck {

    private Bottleneck() {
    }

    /** The readout; {@code stage} is producer, transport, queue, store, none or unknown. */
    public static JsonObject readout(LoadRun.Result r) {
        Measures m = r.measures();
        double target = m.targetRate();
        double achieved = m.achievedRate();
        double delayedShare = m.sent() == 0 ? 0 : (double) m.delayed() / m.sent();
        JsonObject figures = new JsonObject().put("targetRate", round(target, 2)).put("sendRate", round(achieved, 2))
                .put("delayedShare", round(delayedShare, 4));
        Optional<ConsumerStats> fromStats = r.consumerAtMeasureStart();
        Optional<ConsumerStats> toStats = r.consumerAtSendEnd();
        boolean inside = fromStats.isPresent() && toStats.isPresent();
        double utilisation = -1;
        double serviceRate = -1;
        double meanDepth = -1;
        double arrivalRate = -1;
        double meanWaitMs = -1;
        long capacity = -1;
        long overflowed = 0;
        if (inside) {
            ConsumerStats from = fromStats.get();
            ConsumerStats to = toStats.get();
            double seconds = Math.max(1e-3, (to.timeMillis() - from.timeMillis()) / 1000.0);
            ConsumerStats.Work a = from.work();
            ConsumerStats.Work b = to.work();
            int writers = b.writers();
            double busySeconds = (b.storeBusyNanos() - a.storeBusyNanos()) / 1e9;
            long stored = to.messages().stored() - from.messages().stored() + to.messages().duplicates()
                    - from.messages().duplicates();
            long waits = b.queueWaitCount() - a.queueWaitCount();
            long samples = b.depthSamples() - a.depthSamples();
            overflowed = to.messages().rejected() - from.messages().rejected() + to.messages().dropped()
                    - from.messages().dropped();
            capacity = to.queue().capacity();
            utilisation = Math.min(1.0, busySeconds / (writers * seconds));
            serviceRate = busySeconds > 0 ? stored / busySeconds * writers : -1;
            arrivalRate = waits / seconds;
            meanWaitMs = waits == 0 ? 0 : (b.queueWaitNanos() - a.queueWaitNanos()) / 1e6 / waits;
            meanDepth = samples == 0 ? 0 : (double) (b.depthSum() - a.depthSum()) / samples;
            double littles = arrivalRate * meanWaitMs / 1000.0;
            figures.put("spanSeconds", round(seconds, 2)).put("writers", writers)
                    .put("arrivalRate", round(arrivalRate, 2)).put("storedRate", round(stored / seconds, 2))
                    .put("storeUtilisation", round(utilisation, 4)).put("storeServiceRate", round(serviceRate, 2))
                    .put("meanQueueDepth", round(meanDepth, 2)).put("queueCapacity", capacity)
                    .put("meanQueueWaitMs", round(meanWaitMs, 2)).put("littleDepth", round(littles, 2))
                    .put("rejectedOrDropped", overflowed);
        }
        String stage;
        String why;
        if (target > 0 && achieved < 0.97 * target && delayedShare < 0.01) {
            stage = "producer";
            why = String.format(Locale.ROOT, "the generator sent %.0f of the %.0f msgs/s asked for without waiting on "
                    + "the target: this machine could not keep the schedule", achieved, target);
        } else if (inside && utilisation >= 0.9) {
            stage = "store";
            why = String.format(Locale.ROOT, "the store writers were busy %.0f%% of the time; they manage about "
                            + "%.0f msgs/s, and %.0f msgs/s arrived", utilisation * 100, serviceRate, arrivalRate);
        } else if (inside && overflowed > 0) {
            stage = "queue";
            why = String.format(Locale.ROOT, "%d messages were rejected or dropped by a full queue of %d while the "
                    + "store was only %.0f%% busy: bursts outran the queue, not the store", overflowed, capacity,
                    utilisation * 100);
        } else if (delayedShare >= 0.01 || m.errored() > 0) {
            stage = "transport";
            why = String.format(Locale.ROOT, "%.1f%% of sends waited for the in-flight bound and %d messages failed "
                    + "in transit%s", delayedShare * 100, m.errored(), inside ? String.format(Locale.ROOT,
                    " while the store was %.0f%% busy", utilisation * 100) : "");
        } else if (inside) {
            stage = "none";
            why = String.format(Locale.ROOT, "nothing saturated: the store was %.0f%% busy (capacity about %.0f "
                    + "msgs/s), the queue held %.1f on average", utilisation * 100, serviceRate, meanDepth);
        } else {
            stage = "unknown";
            why = "the target has no burstpipe /stats to look inside; the sender kept the schedule";
        }
        JsonObject out = new JsonObject().put("stage", stage).put("reason", why).put("figures", figures);
        if (inside && arrivalRate > 0) {
            double predicted = arrivalRate * meanWaitMs / 1000.0;
            out.put("littlesLaw", String.format(Locale.ROOT, "mean depth %.2f vs arrival rate %.0f/s x mean wait "
                    + "%.3f ms = %.2f (ratio %.2f)", meanDepth, arrivalRate, meanWaitMs, predicted,
                    predicted > 0 ? meanDepth / predicted : 0));
        }
        return out;
    }



}
