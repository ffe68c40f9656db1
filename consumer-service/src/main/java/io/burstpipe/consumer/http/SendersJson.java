package io.burstpipe.consumer.http;

import io.burstpipe.consumer.intake.IntendedSeconds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The senders' side in {@code /stats} and its events: {@code senders}, the reporting producers' own figures (absent
 * when none reports), and {@code offeredByIntent}, messages taken in per second of their intended send time.
 */
final class SendersJson {

    /** Seconds of {@code offeredByIntent} in each snapshot: late arrivals revise the seconds before it. */
    static final int RECENT_SECONDS = 15;

    private SendersJson() {
    }

    static JsonObject put(JsonObject stats, Optional<ProducerReports.Now> senders, IntendedSeconds intended,
                          int seconds) {
        senders.ifPresent(n -> stats.put("senders", encode(n)));
        long to = stats.getLong("time") / 1000; // the second in progress is partial: not included
        long from = to - seconds;
        JsonArray counts = new JsonArray();
        for (long c : intended.counts(from, seconds)) {
            counts.add(c);
        }
        return stats.put("offeredByIntent", new JsonObject().put("fromSecond", from).put("counts", counts));
    }

    private static JsonObject encode(ProducerReports.Now n) {
        JsonArray bursts = new JsonArray();
        n.bursts().forEach(b -> bursts.add(new JsonObject().put("producer", b.producer())
                .put("startMillis", b.startMillis()).put("onMillis", b.onMillis()).put("offMillis", b.offMillis())));
        JsonObject json = new JsonObject().put("producers", n.producers()).put("offered", n.offered())
                .put("sent", n.sent()).put("inflight", n.inflight()).put("window", n.window())
                .put("profiles", new JsonArray(n.profiles())).put("bursts", bursts);
        if (n.ratesKnown()) { // per second over each producer's last report interval: after its second report
            json.put("offeredPerSec", round(n.offeredPerSec())).put("sentPerSec", round(n.sentPerSec()))
                    .put("retriesPerSec", round(n.retriesPerSec())).put("rejectedPerSec", round(n.rejectedPerSec()))
                    .put("heldBack", Math.round(n.heldBack() * 1000) / 1000.0);
        }
        return json;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
