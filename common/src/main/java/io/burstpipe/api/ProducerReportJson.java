package io.burstpipe.api;

import io.burstpipe.message.Message;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** {@link ProducerReport} as the JSON body of {@code POST /producers/report}: the one place its shape is written and read. */
public final class ProducerReportJson {

    /** The longest profile description kept. */
    static final int MAX_PROFILE_LENGTH = 200;
    private static final long HOUR_MILLIS = 3_600_000L;

    private ProducerReportJson() {
    }

    public static JsonObject encode(ProducerReport r) {
        JsonObject json = new JsonObject().put("producer", r.producer()).put("time", r.timeMillis())
                .put("start", r.startMillis()).put("offered", r.offered()).put("generated", r.generated())
                .put("sent", r.sent()).put("retries", r.retries()).put("rejected", r.rejected())
                .put("windowWaited", r.windowWaited()).put("windowBlockedNanos", r.windowBlockedNanos())
                .put("inflight", r.inflight()).put("window", r.window()).put("profile", r.profile());
        r.burst().ifPresent(b -> json.put("burst", new JsonObject().put("onMillis", b.onMillis())
                .put("offMillis", b.offMillis())));
        return json;
    }

    /**
     * Reads and checks a report.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong and what it allows
     */
    public static ProducerReport decode(JsonObject json) {
        String producer = text(json, "producer");
        Message.requireProducerId("producer", producer, 0);
        String profile = text(json, "profile");
        if (profile.length() > MAX_PROFILE_LENGTH) {
            throw new IllegalArgumentException("profile must be at most " + MAX_PROFILE_LENGTH + " characters (was "
                    + profile.length() + ")");
        }
        long window = count(json, "window");
        if (window < 1 || window > 1_000_000) {
            throw new IllegalArgumentException("window must be 1..1000000 (was " + window + ")");
        }
        long inflight = count(json, "inflight");
        if (inflight > window) {
            throw new IllegalArgumentException("inflight must be at most window " + window + " (was " + inflight + ")");
        }
        Optional<ProducerReport.Burst> burst = Optional.empty();
        if (json.getValue("burst") != null) {
            if (!(json.getValue("burst") instanceof JsonObject b)) {
                throw new IllegalArgumentException("burst must be an object {onMillis, offMillis}");
            }
            burst = Optional.of(new ProducerReport.Burst(positive(b, "burst.onMillis", "onMillis"),
                    positive(b, "burst.offMillis", "offMillis")));
        }
        return new ProducerReport(producer, count(json, "time"), count(json, "start"), count(json, "offered"),
                count(json, "generated"), count(json, "sent"), count(json, "retries"), count(json, "rejected"),
                count(json, "windowWaited"), count(json, "windowBlockedNanos"), (int) inflight, (int) window, profile,
                burst);
    }

    private static String text(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(field + " must be a string" + (v == null ? " (missing)" : ""));
        }
        return s;
    }

    private static long count(JsonObject json, String field) {
        return whole(json.getValue(field), field);
    }

    private static long positive(JsonObject json, String name, String field) {
        long v = whole(json.getValue(field), name);
        if (v < 1 || v > HOUR_MILLIS) {
            throw new IllegalArgumentException(name + " must be 1.." + HOUR_MILLIS + " (was " + v + ")");
        }
        return v;
    }

    private static long whole(Object v, String name) {
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw new IllegalArgumentException(name + " must be a whole number >= 0 (was "
                    + (v == null ? "missing" : v instanceof String ? "'" + v + "'" : v) + ")");
        }
        return ((Number) v).longValue();
    }
}
