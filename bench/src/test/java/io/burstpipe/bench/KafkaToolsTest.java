package io.burstpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** ConsumerPerformance's result line (Kafka 4.1, --hide-header), as bench kafka reads it. */
class KafkaToolsTest {

    private static long local(String stamp) {
        return LocalDateTime.parse(stamp).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    @Test
    void theResultLineGivesTheSpanCountAndRates() {
        KafkaTools.Consumed c = KafkaTools.consumed("WARNING: some log line\n"
                + "2026-12-01 19:47:43:761, 2026-12-01 19:47:46:786, 89.0000, 29.4215, 1000000, 330578.5124, 399, "
                + "2626, 33.8910, 380807.3115\n");
        assertThat(c.startMillis()).isEqualTo(local("2026-12-01T19:47:43.761"));
        assertThat(c.endMillis()).isEqualTo(local("2026-12-01T19:47:46.786"));
        assertThat(c.messages()).isEqualTo(1_000_000);
        assertThat(c.perSecond()).isEqualTo(330578.5124);
        assertThat(c.fetchPerSecond()).isEqualTo(380807.3115);
    }

    @Test
    void outputWithoutAResultLineIsAnError() {
        assertThatThrownBy(() -> KafkaTools.consumed("Exception in thread main\n"))
                .hasMessageContaining("no result line in ConsumerPerformance output");
    }
}
