package io.burstpipe.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageJsonTest {

    @Test
    void theBytesAreTheArrayAsAsciiForEdgeAndRandomMessages() {
        List<Message> batch = new ArrayList<>(List.of(Message.of("p", 0, 1, 0), Message.of("a.b_c-D9", 9, 100, 10),
                Message.of("x".repeat(64), Long.MAX_VALUE, 42, Long.MAX_VALUE), Message.of("q", 10, 10, 99)));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            batch.add(Message.of("gen-" + i % 7, random.nextLong(0, Long.MAX_VALUE >> random.nextInt(63)),
                    random.nextInt(1, 101), random.nextLong(0, 1L << random.nextInt(1, 63))));
        }
        assertThat(new String(MessageJson.arrayBytes(batch), StandardCharsets.US_ASCII))
                .isEqualTo(MessageJson.array(batch));
        assertThat(MessageJson.arrayBytes(List.of())).containsExactly('[', ']');
        assertThat(new String(MessageJson.arrayBytes(batch.subList(0, 1)), StandardCharsets.US_ASCII))
                .isEqualTo("[{\"id\":\"p-0\",\"seq\":0,\"producer\":\"p\",\"value\":1,\"createdAt\":0}]");
    }
}
