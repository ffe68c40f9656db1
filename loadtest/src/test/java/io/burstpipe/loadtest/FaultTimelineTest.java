package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.burstpipe.api.ControlAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault specs as users write them (flags and profile files), and what is refused up front. */
class FaultTimelineTest {

    @TempDir
    Path dir;

    @Test
    void faultsParseAsTheControlEndpointsAreWritten() {
        FaultTimeline.Fault slow = FaultTimeline.Fault.parse("10s:store?latency=200ms&jitter=0ms");
        assertThat(slow.at()).isEqualTo(Duration.ofSeconds(10));
        assertThat(slow.action()).isEqualTo(ControlAction.STORE);
        assertThat(slow.query()).isEqualTo("latency=200ms&jitter=0ms");
        assertThat(FaultTimeline.Fault.parse("1500ms:pause").action()).isEqualTo(ControlAction.PAUSE);
        assertThat(FaultTimeline.Fault.parse("2s:policy?value=drop-newest").query()).isEqualTo("value=drop-newest");
        assertThat(FaultTimeline.Fault.parse("4s:kill").life()).contains(FaultTimeline.Lifecycle.KILL);
        assertThat(FaultTimeline.Fault.parse("5s:term").life()).contains(FaultTimeline.Lifecycle.TERM);
        FaultTimeline.Fault restart = FaultTimeline.Fault.parse("6s:restart");
        assertThat(restart.life()).contains(FaultTimeline.Lifecycle.RESTART);
        assertThat(restart.control()).isFalse();
        assertThat(restart.lifecycle()).isTrue();
        FaultTimeline.Fault poison = FaultTimeline.Fault.parse("3s:poison=50");
        assertThat(poison.control()).isFalse();
        assertThat(poison.poison()).isEqualTo(50);
    }

    @Test
    void badFaultsAreRefusedNamingWhatIsAllowed() {
        assertThatThrownBy(() -> FaultTimeline.Fault.parse("store?latency=1s")).hasMessageContaining(
                "--fault takes AT:ACTION, e.g. 10s:store?latency=200ms");
        assertThatThrownBy(() -> FaultTimeline.Fault.parse("soon:pause")).hasMessageContaining(
                "the time before ':' is not a duration");
        assertThatThrownBy(() -> FaultTimeline.Fault.parse("1s:explode")).hasMessageContaining(
                "unknown action 'explode'; actions: store?latency=TIME");
        assertThatThrownBy(() -> FaultTimeline.Fault.parse("1s:shutdown")).hasMessageContaining(
                "shutdown ends the consumer the run is measuring");
        assertThatThrownBy(() -> FaultTimeline.Fault.parse("1s:store")).hasMessageContaining(
                "store needs its settings after '?'");
        assertThatThrownBy(() -> FaultTimeline.Fault.parse("1s:pause?now")).hasMessageContaining(
                "pause takes no settings");
        assertThatThrownBy(() -> FaultTimeline.Fault.parse("1s:poison=0")).hasMessageContaining(
                "poison=N needs N from 1 to 10000");
    }

    @Test
    void aProfileFileListsFaultsAsStringsOrAtAndDo() throws Exception {
        Path file = dir.resolve("shape.yaml");
        Files.writeString(file, "rate: 100\nfaults:\n  - {at: 10s, do: \"store?latency=200ms\"}\n"
                + "  - \"20s:store?latency=5ms\"\n");
        assertThat(ProfileFile.toArgs(file)).containsExactly("--rate", "100", "--fault", "10s:store?latency=200ms",
                "--fault", "20s:store?latency=5ms");
        Files.writeString(file, "faults:\n  - {at: 10s}\n");
        assertThatThrownBy(() -> ProfileFile.toArgs(file)).hasMessageContaining("needs 'at' (a time from the start) "
                + "and 'do' (the action)");
    }

    private static String refusal(String... args) {
        return Refusals.of(args);
    }

    @Test
    void faultFlagsAreCheckedAgainstTheRestUpFront() {
        assertThat(refusal("--fault", "5s:pause")).contains("--fault pause goes through the consumer's control "
                + "endpoints: it needs --control-token");
        assertThat(refusal("--control-token", "t", "--fault", "12s:pause")).contains("--fault at 12 s is not within "
                + "--duration (10 s)");
        assertThat(refusal("--consumer", "none", "--fault", "5s:poison=5")).contains("--fault acts on a burstpipe "
                + "consumer: it needs --consumer");
        assertThat(refusal("--control-token", "t", "--fault", "5s:pause", "--find-max")).contains("it does not "
                + "combine with --find-max or a backlog test");
    }

    @Test
    void lifecycleFaultsNeedAConsumerTheLoadTestStarts() {
        assertThat(refusal("--control-token", "t", "--fault", "5s:kill")).contains("--fault kill acts on a consumer "
                + "the load test started: add --start-consumer");
        assertThat(Refusals.withoutTarget("--start-consumer", "--port 9000", "--fault", "5s:kill"))
                .contains("--start-consumer: drop --port; the load test sets --port, --store-dir, --control-token");
        assertThat(refusal("--start-consumer", "")).contains("--start-consumer starts the target's consumer itself "
                + "(HTTP, or reading the Kafka topic in the group), with a control token of its own: it does not "
                + "combine with --target");
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--transport", "noop", "--control-token", "t"))
                .contains("it does not combine with --transport noop, --control-token");
        assertThat(Refusals.withoutTarget("--start-consumer", "--kafka-topic x", "--transport", "kafka"))
                .contains("--start-consumer: drop --kafka-topic; the load test sets --port, --store-dir, "
                        + "--control-token, --transport, --kafka-bootstrap, --kafka-topic, --kafka-partitions, "
                        + "--kafka-group on the consumer it starts (give the Kafka settings to the load test: they "
                        + "are passed on)");
        assertThat(Refusals.withoutTarget("--start-consumer", "slow please")).contains("--start-consumer takes "
                + "consumer flags");
    }

    @Test
    void groupFaultsNeedAKafkaGroupTheLoadTestStartedAndALeaveAJoinBeforeIt() {
        assertThat(Refusals.withoutTarget("--start-consumer", "", "--fault", "2s:join")).contains("--fault join "
                + "changes the consumer group of a Kafka target: it needs --transport kafka (with --start-consumer)");
        assertThat(Refusals.withoutTarget("--transport", "kafka", "--fault", "2s:join")).contains("--fault join acts "
                + "on a consumer the load test started: add --start-consumer");
        assertThat(Refusals.withoutTarget("--transport", "kafka", "--start-consumer", "", "--fault", "2s:join",
                "--fault", "4s:leave", "--fault", "6s:leave")).contains("--fault 6 s:leave stops a consumer a join "
                + "fault started, and none has joined by then (the first consumer is the one looked inside: stop it "
                + "with term or kill)");
        assertThat(Refusals.withoutTarget("--transport", "kafka", "--start-consumer", "", "--fault", "3s:leave",
                "--fault", "2s:join", "--fault", "1s:leave")).contains("--fault 1 s:leave stops a consumer");
    }
}
