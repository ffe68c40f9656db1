package io.burstpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliSupportTest {

    @Test
    void durationsParse() {
        assertThat(DurationConverter.parse("1.5s").toMillis()).isEqualTo(1500);
        assertThat(DurationConverter.parse("250ms").toMillis()).isEqualTo(250);
        assertThat(DurationConverter.parse("2m").toSeconds()).isEqualTo(120);
        assertThat(DurationConverter.parse("0").isZero()).isTrue();
    }

    @Test
    void variableNamesFollowTheFlags() {
        assertThat(EnvDefaultProvider.variableFor("--queue-capacity")).isEqualTo("BURSTPIPE_QUEUE_CAPACITY");
    }
}
