package io.burstpipe.consumer.http;

import io.burstpipe.api.Bottleneck;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The consumer's own bottleneck readout as it appears under {@code bottleneck} in {@code /stats} and its events. */
final class BottleneckJson {

    private BottleneckJson() {
    }

    static JsonObject encode(Optional<Bottleneck.Readout> readout) {
        if (readout.isEmpty()) {
            return new JsonObject().put("stage", "unknown").put("reason", "not enough seconds seen yet");
        }
        Bottleneck.Readout r = readout.get();
        JsonObject out = new JsonObject().put("stage", r.stage().label()).put("reason", r.reason());
        r.consumer().ifPresent(c -> {
            out.put("windowSeconds", Math.round(c.seconds() * 10) / 10.0).put("meanHeldBack", round(c.meanHeldBack()));
            c.loadedBusy().ifPresent(v -> out.put("storeBusyWhileLoaded", round(v)));
            c.capacity().ifPresent(v -> out.put("storeCapacity", Math.round(v)));
        });
        r.sender().ifPresent(s -> {
            out.put("sendersOfferedPerSec", Math.round(s.targetRate())).put("sendersSentPerSec", Math.round(s.achievedRate()));
            s.heldBack().ifPresent(v -> out.put("sendersHeldBack", round(v)));
        });
        r.little().ifPresent(l -> out.put("littlesLaw", l.verdict()));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
