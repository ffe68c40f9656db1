package io.burstpipe.cli;

import io.burstpipe.transport.TransportKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaOptionsTest {

    @Command(name = "t")
    static final class Holder {
        @Mixin
        KafkaOptions kafka;
    }

    private static KafkaOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.kafka;
    }

    @Test
    void autoPicksKafkaWhenTheBootstrapHostResolvesAndHttpWhenItDoesNot() {
        assertThat(parse("--kafka-bootstrap", "127.0.0.1:9092").chooseTransport("auto")).isEqualTo(TransportKind.KAFKA);
        assertThat(parse("--kafka-bootstrap", "localhost:9092").chooseTransport("auto")).isEqualTo(TransportKind.KAFKA);
        // .invalid never resolves (RFC 6761)
        assertThat(parse("--kafka-bootstrap", "kafka.invalid:9092").chooseTransport("auto")).isEqualTo(TransportKind.HTTP);
        assertThat(parse("--kafka-bootstrap", "kafka.invalid:9092, 127.0.0.1:9092").chooseTransport("auto"))
                .as("any one of the servers is enough").isEqualTo(TransportKind.KAFKA);
        assertThat(parse("--kafka-bootstrap", "[::1]:9092").chooseTransport("auto")).isEqualTo(TransportKind.KAFKA);
    }

    @Test
    void explicitTransportsStandAndAnythingElseIsNamed() {
        KafkaOptions options = parse("--kafka-bootstrap", "kafka.invalid:9092");
        assertThat(options.chooseTransport("kafka")).isEqualTo(TransportKind.KAFKA);
        assertThat(options.chooseTransport("http")).isEqualTo(TransportKind.HTTP);
        assertThatThrownBy(() -> options.chooseTransport("amqp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--transport must be http, kafka or auto (was 'amqp')");
    }
}
