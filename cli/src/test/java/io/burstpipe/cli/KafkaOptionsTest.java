package io.burstpipe.cli;

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
        assertThat(parse("--kafka-bootstrap", "127.0.0.1:9092").chooseTransport("auto")).isEqualTo("kafka");
        assertThat(parse("--kafka-bootstrap", "localhost:9092").chooseTransport("auto")).isEqualTo("kafka");
        // .invalid never resolves (RFC 6761)
        assertThat(parse("--kafka-bootstrap", "kafka.invalid:9092").chooseTransport("auto")).isEqualTo("http");
        assertThat(parse("--kafka-bootstrap", "kafka.invalid:9092, 127.0.0.1:9092").chooseTransport("auto"))
                .as("any one of the servers is enough").isEqualTo("kafka");
        assertThat(parse("--kafka-bootstrap", "[::1]:9092").chooseTransport("auto")).isEqualTo("kafka");
    }

    @Test
    void explicitTransportsStandAndAnythingElseIsNamed() {
        KafkaOptions options = parse("--kafka-bootstrap", "kafka.invalid:9092");
        assertThat(options.chooseTransport("kafka")).isEqualTo("kafka");
        assertThat(options.chooseTransport("http")).isEqualTo("http");
        assertThatThrownBy(() -> options.chooseTransport("amqp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--transport must be http, kafka or auto (was 'amqp')");
    }
}
