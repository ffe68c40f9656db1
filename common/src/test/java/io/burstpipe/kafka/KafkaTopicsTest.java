package io.burstpipe.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class KafkaTopicsTest {

    @Test
    @Timeout(30)
    void withoutABrokerItGivesUpInTimeSayingWhatTimedOut() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> KafkaTopics.ensure("127.0.0.1:" + port, "t", 1, (short) 1, Duration.ofSeconds(2)))
                .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
                .hasMessageContaining("listTopics");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
