package io.burstpipe.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.burstpipe.api.Bottleneck;
import io.burstpipe.api.ProducerReport;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProducerReportsTest {

    private static ProducerReport report(String producer, long start, long atMillis, long offered, long sent,
                                         long waited, long blockedMillis, int inflight) {
        return new ProducerReport(producer, start + atMillis, start, offered, sent, sent, 0, 0, waited,
                blockedMillis * 1_000_000L, inflight, 4, "burst", Optional.of(new ProducerReport.Burst(1000, 3000)));
    }

    @Test
    void ratesNowComeFromEachProducersLastTwoReports() {
        ProducerReports reports = new ProducerReports();
        reports.accept(report("a", 0, 1000, 1000, 900, 0, 0, 1), 1000);
        reports.accept(report("a", 0, 2000, 5000, 2900, 2000, 600, 4), 2000);
        reports.accept(report("b", 0, 1500, 100, 100, 0, 0, 0), 2000);
        reports.accept(report("b", 0, 2500, 200, 200, 0, 200, 2), 2500);
        ProducerReports.Now now = reports.now(2500).orElseThrow();
        assertThat(now.producers()).isEqualTo(2);
        assertThat(now.offeredPerSec()).isEqualTo(4000 + 100);
        assertThat(now.sentPerSec()).isEqualTo(2000 + 100);
        assertThat(now.heldBack()).isCloseTo((0.6 + 0.2) / 2, within(1e-9));
        assertThat(now.inflight()).isEqualTo(6);
        assertThat(now.window()).isEqualTo(8);
        assertThat(now.bursts()).extracting(ProducerReports.Schedule::producer).containsExactly("a", "b");
    }

    @Test
    void totalsOverASpanGiveTheSenderOfTheBottleneckReadout() {
        ProducerReports reports = new ProducerReports();
        reports.accept(report("a", 0, 1000, 1000, 1000, 0, 0, 0), 1000);
        ProducerReports.Totals from = reports.totals();
        for (int s = 2; s <= 11; s++) { // ten seconds: 2000 offered a second, 1500 sent, held back half of each
            reports.accept(report("a", 0, s * 1000L, 1000 + (s - 1) * 2000L, 1000 + (s - 1) * 1500L,
                    (s - 1) * 1000L, (s - 1) * 500L, 4), s * 1000L);
        }
        Bottleneck.Sender sender = reports.totals().since(from, 10).orElseThrow();
        assertThat(sender.targetRate()).isEqualTo(2000);
        assertThat(sender.achievedRate()).isEqualTo(1500);
        assertThat(sender.delayed()).isEqualTo(10_000);
        assertThat(sender.heldBack().getAsDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(reports.totals().since(reports.totals(), 10)).as("nothing reported in the span").isEmpty();
    }

    @Test
    void aRestartedProducerStartsANewBaselineInsteadOfANegativeChange() {
        ProducerReports reports = new ProducerReports();
        reports.accept(report("a", 0, 1000, 5000, 5000, 0, 0, 0), 1000);
        reports.accept(report("a", 0, 2000, 6000, 6000, 0, 0, 0), 2000);
        ProducerReports.Totals before = reports.totals();
        reports.accept(report("a", 10_000, 500, 10, 10, 0, 0, 0), 10_500); // the same id, started again
        assertThat(reports.totals()).isEqualTo(before);
        reports.accept(report("a", 10_000, 1500, 110, 110, 0, 0, 0), 11_500);
        assertThat(reports.totals().offered() - before.offered()).isEqualTo(100);
        assertThat(reports.now(11_500).orElseThrow().offeredPerSec()).isEqualTo(100);
    }

    @Test
    void silentProducersAreForgottenAndTheirNumberIsBounded() {
        ProducerReports reports = new ProducerReports();
        for (int i = 0; i < ProducerReports.MAX_PRODUCERS; i++) {
            assertThat(reports.accept(report("p" + i, 0, 1000, 1, 1, 0, 0, 0), 1000)).isEmpty();
        }
        assertThat(reports.accept(report("one-more", 0, 1000, 1, 1, 0, 0, 0), 1000)).contains(
                "too many producers reporting (256 at most, each kept 10 s after its last report)");
        assertThat(reports.accept(report("one-more", 0, 1000, 1, 1, 0, 0, 0), 11_001)).isEmpty();
        assertThat(reports.now(11_001).orElseThrow().producers()).isEqualTo(1);
        assertThat(reports.now(30_000)).isEmpty();
    }
}
