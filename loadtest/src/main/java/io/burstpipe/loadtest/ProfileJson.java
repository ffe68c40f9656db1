package io.burstpipe.loadtest;

import io.burstpipe.profile.Arrivals;
import io.burstpipe.profile.ProfileKind;
import io.burstpipe.profile.ProfileSettings;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** A run's rate profile in result.json, every setting of it, so the schedule can be told apart and rebuilt. */
final class ProfileJson {

    private ProfileJson() {
    }

    static JsonObject encode(ProfileSettings p) {
        return new JsonObject().put("kind", p.kind().cliName()).put("rate", p.ratePerSec())
                .put("peakRate", p.peakRatePerSec()).put("burstOnMillis", p.burstOnMillis())
                .put("burstOffMillis", p.burstOffMillis()).put("rampMillis", p.rampMillis())
                .put("spikeAtMillis", p.spikeAtMillis()).put("spikeMillis", p.spikeMillis())
                .put("arrivals", p.arrivals() == null ? null : p.arrivals().name().toLowerCase(Locale.ROOT))
                .put("stages", p.stages());
    }

    /** @throws IllegalArgumentException naming what is missing or wrong */
    static ProfileSettings decode(JsonObject json) {
        try {
            String arrivals = json.getString("arrivals");
            return new ProfileSettings(ProfileKind.parse(json.getString("kind")), json.getDouble("rate"),
                    json.getDouble("peakRate"), json.getLong("burstOnMillis"), json.getLong("burstOffMillis"),
                    json.getLong("rampMillis"), json.getLong("spikeAtMillis"), json.getLong("spikeMillis"),
                    arrivals == null ? null : Arrivals.valueOf(arrivals.toUpperCase(Locale.ROOT)),
                    json.getString("stages"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("profileSettings " + json.encode() + " is not a rate profile: "
                    + e.getMessage(), e);
        }
    }
}
