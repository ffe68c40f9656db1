package io.burstpipe.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageJsonTest {

    @Test
    void theBytesAreTheTextsOwnAndAsLongAsItsLengthSays() {
        SplittableRandom random = new SplittableRandom(7);
        List<Message> batch = new ArrayList<>();
        batch.add(Message.of("p", 0, Message.MIN_VALUE, 0));
        batch.add(Message.of("lt-A.b_9", Long.MAX_VALUE - 1, Message.MAX_VALUE, Long.MAX_VALUE));
        for (int i = 0; i < 500; i++) {
            batch.add(Message.of("gen-" + random.nextInt(1000), random.nextLong(0, Long.MAX_VALUE),
                    random.nextInt(Message.MIN_VALUE, Message.MAX_VALUE + 1), random.nextLong(0, Long.MAX_VALUE)));
        }
        for (int n : new int[] {0, 1, 2, batch.size()}) {
            List<Message> some = batch.subList(0, n);
            byte[] bytes = MessageJson.arrayBytes(some);
            assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo(MessageJson.array(some));
            assertThat(bytes).hasSize((int) MessageJson.arrayLength(some));
        }
    }
}
