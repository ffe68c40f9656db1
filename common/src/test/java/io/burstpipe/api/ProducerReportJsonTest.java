package io.burstpipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProducerReportJsonTest {

    private static final ProducerReport REPORT = new ProducerReport("p-1", 1_700_000_001_000L, 1_700_000_000_000L,
            4100, 3000, 2900, 3, 2, 1200, 620_000_000L, 4, 4, "burst 4000 msgs/s for 1000 ms",
            Optional.of(new ProducerReport.Burst(1000, 3000)));

    @Test
    void aReportReadsBackAsItWasWritten() {
        assertThat(ProducerReportJson.decode(ProducerReportJson.encode(REPORT))).isEqualTo(REPORT);
        ProducerReport steady = new ProducerReport("p-2", 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, "steady", Optional.empty());
        assertThat(ProducerReportJson.decode(ProducerReportJson.encode(steady))).isEqualTo(steady);
    }

    @Test
    void aBadFieldIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT).put("offered", -1)))
                .hasMessage("offered must be a whole number >= 0 (was -1)");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT).put("sent", "many")))
                .hasMessage("sent must be a whole number >= 0 (was 'many')");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT).put("sent", 1.5)))
                .hasMessage("sent must be a whole number >= 0 (was 1.5)");
        JsonObject noTime = ProducerReportJson.encode(REPORT);
        noTime.remove("time");
        assertThatThrownBy(() -> ProducerReportJson.decode(noTime)).hasMessage("time must be a whole number >= 0 (was missing)");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT).put("producer", "a b")))
                .hasMessage("producer must be 1..64 letters, digits, '.', '_' or '-' (was 'a b')");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT).put("window", 0)))
                .hasMessage("window must be 1..1000000 (was 0)");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT).put("inflight", 5)))
                .hasMessage("inflight must be at most window 4 (was 5)");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT)
                .put("burst", new JsonObject().put("onMillis", 0).put("offMillis", 10))))
                .hasMessage("burst.onMillis must be 1..3600000 (was 0)");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT).put("burst", 7)))
                .hasMessage("burst must be an object {onMillis, offMillis}");
        assertThatThrownBy(() -> ProducerReportJson.decode(ProducerReportJson.encode(REPORT)
                .put("profile", "x".repeat(201)))).hasMessage("profile must be at most 200 characters (was 201)");
    }
}
