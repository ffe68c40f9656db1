package io.burstpipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumerStatsJsonTest {

    private static final ConsumerStats STATS = new ConsumerStats(1_700_000_000_000L, "reject", true, false,
            "embedded data/consumer", new ConsumerStats.Queue(7, 10, 10),
            new ConsumerStats.Messages(100, 90, 80, 5, 10, 0, 0, 0), new ConsumerStats.Batches(12, 1, 3), 2,
            new ConsumerStats.Connections(4, 0, 1, 4096, 0, 2), new ConsumerStats.Work(2, 9, 5_000_000, 70_000, 85,
            300, 100, 42_000, 80, 70), Optional.empty(), Optional.empty());

    @Test
    void whatTheConsumerWritesIsWhatTheReadersRead() {
        ConsumerStats.Interval interval = new ConsumerStats.Interval(new ConsumerStats.Rates(1000, 990, 980),
                new ConsumerStats.Percentiles(98, 5.1, 9.9, 12.0), new ConsumerStats.Percentiles(980, 40, 120, 200),
                new ConsumerStats.Percentiles(990, 1, 3, 4), new ConsumerStats.Percentiles(980, 2, 8, 9), 0.75, 0, 10);
        ConsumerStats.Kafka kafka = new ConsumerStats.Kafka(true, 42, Map.of(0, 40L, 3, 2L), 3, 2, 1, 1, 0, 17);
        ConsumerStats full = new ConsumerStats(STATS.timeMillis(), STATS.policy(), STATS.paused(), STATS.stopping(),
                STATS.store(), STATS.queue(), STATS.messages(), STATS.batches(), STATS.failedWrites(),
                STATS.connections(), STATS.work(), Optional.of(interval), Optional.of(kafka));
        for (ConsumerStats s : new ConsumerStats[] {STATS, full}) {
            JsonObject json = ConsumerStatsJson.encode(s);
            assertThat(ConsumerStatsJson.decode(new JsonObject(json.encode()))).isEqualTo(s);
        }
        JsonObject json = ConsumerStatsJson.encode(full);
        // the shape the dashboard reads
        assertThat(json.getJsonObject("queue").getInteger("depth")).isEqualTo(7);
        assertThat(json.getJsonObject("ratePerSec").getDouble("stored")).isEqualTo(980.0);
        assertThat(json.getDouble("storeBusy")).isEqualTo(0.75);
        assertThat(json.getJsonObject("kafka").getJsonObject("partitionLag").getLong("3")).isEqualTo(2L);
    }

    @Test
    void anotherEndpointsJsonIsNotAConsumersStats() {
        assertThatThrownBy(() -> ConsumerStatsJson.decode(new JsonObject().put("status", "UP")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a burstpipe consumer's /stats");
        assertThatThrownBy(() -> ConsumerStatsJson.decode(new JsonObject().put("queue", "full").put("work", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
