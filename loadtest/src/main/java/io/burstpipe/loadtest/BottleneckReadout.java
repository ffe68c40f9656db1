package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.burstpipe.api.Bottleneck;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/**
 * The load test's bottleneck readout: {@link Bottleneck} judged over the run's measured span and its drain (the
 * generator's figures and the consumer's stats about a second apart), or for a backlog over its drain alone, as it
 * appears in the report and on the console.
 */
public final class BottleneckReadout {

    private BottleneckReadout() {
    }

    /** {@code stage} (producer, transport, queue, store, none or unknown), {@code reason}, figures, Little's law. */
    public static JsonObject readout(LoadRun.Result r) {
        Measures m = r.measures();
        Bottleneck.Sender sender = new Bottleneck.Sender(m.targetRate(), m.achievedRate(), m.sent(), m.delayed(),
                m.errored());
        Bottleneck.Readout b = r.consumerAtResume().isPresent()
                ? Bottleneck.judgeDrain(r.consumerWindow(), r.consumerAtResume().get().timeMillis())
                : Bottleneck.judge(Optional.of(sender), r.consumerWindow());
        JsonObject figures = new JsonObject().put("targetRate", round(m.targetRate(), 2))
                .put("sendRate", round(m.achievedRate(), 2))
                .put("delayedShare", round(m.sent() == 0 ? 0 : (double) m.delayed() / m.sent(), 4));
        b.consumer().ifPresent(c -> {
            figures.put("spanSeconds", round(c.seconds(), 2)).put("writers", c.writers())
                    .put("arrivalRate", round(c.arrivalRate(), 2)).put("storedRate", round(c.storedRate(), 2))
                    .put("storeUtilisation", round(c.spanBusy(), 4));
            c.loadedBusy().ifPresent(v -> figures.put("storeBusyWhileLoaded", round(v, 4)));
            c.capacity().ifPresent(v -> figures.put("storeCapacity", round(v, 2)));
            c.meanDepth().ifPresent(v -> figures.put("meanQueueDepth", round(v, 3)));
            figures.put("queueCapacity", c.queueCapacity()).put("meanQueueWaitMs", round(c.meanQueueWaitMs(), 3))
                    .put("meanHeldBack", round(c.meanHeldBack(), 3)).put("rejectedOrDropped", c.overflowed());
        });
        Optional<String> restarted = r.faults().stream().filter(f -> f.getBoolean("ok", false))
                .map(f -> f.getString("fault", "")).filter(f -> FaultTimeline.Lifecycle.parse(f).isPresent())
                .findFirst();
        boolean groupChanged = restarted.flatMap(FaultTimeline.Lifecycle::parse).map(
                FaultTimeline.Lifecycle::groupChange).orElse(false);
        JsonObject out = restarted.isPresent()
                ? new JsonObject().put("stage", Bottleneck.Stage.UNKNOWN.label()).put("reason", groupChanged
                ? "the consumer group changed during the run (fault " + restarted.get() + "): the consumer looked "
                + "inside took only its share of the partitions, the sender's figures are the whole run's, so no "
                + "stage is named"
                : "the consumer was stopped or restarted during the run (fault " + restarted.get() + "): its figures "
                + "cover only the time since its last start, the sender's the whole run, so no stage is named")
                : new JsonObject().put("stage", b.stage().label()).put("reason", b.reason());
        out.put("figures", figures);
        b.little().ifPresent(l -> out.put("littlesLaw", String.format(Locale.ROOT, "mean number in the queue %.3f "
                        + "vs taken %.0f/s x mean time in the queue %.3f ms = %.3f: %s", l.meanDepth(), l.arrivalRate(),
                        l.meanWaitMs(), l.predicted(), l.verdict()))
                .put("little", new JsonObject().put("meanDepth", round(l.meanDepth(), 4))
                        .put("arrivalRate", round(l.arrivalRate(), 2)).put("meanWaitMs", round(l.meanWaitMs(), 4))
                        .put("predicted", round(l.predicted(), 4)).put("holds", l.holds())));
        return out;
    }
}
