package io.burstpipe.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void theIdIsProducerDashSeq() {
        Message m = Message.of("lt-x1.y_z", 42, 7, 1);
        assertThat(m.id()).isEqualTo("lt-x1.y_z-42");
        assertThat(new Message("p-0", 0, "p", 1, 0).seq()).isZero();
        assertThat(new Message("p-" + Long.MAX_VALUE, Long.MAX_VALUE, "p", 100, 0).value()).isEqualTo(100);
        assertThat(MessageJson.length(m)).isEqualTo(MessageJson.append(new StringBuilder(), m).length());
        assertThat(MessageJson.arrayLength(List.of(m, m))).isEqualTo(MessageJson.array(List.of(m, m)).length());
        for (Message edge : List.of(Message.of("p", 0, 1, 0), Message.of("p", 9, 10, 99),
                Message.of("p", Long.MAX_VALUE, 100, 1_700_000_000_000_000L))) {
            assertThat(MessageJson.length(edge)).isEqualTo(MessageJson.append(new StringBuilder(), edge).length());
        }
    }

    @Test
    void anIdThatIsNotProducerDashSeqIsRefused() {
        for (String id : new String[] {"p-7x", "p-07", "q-7", "p7", "p-", "p--7", "pp-7", "-7", "p-8",
            "p-99999999999999999999"}) {
            assertThatThrownBy(() -> new Message(id, 7, "p", 1, 0)).as(id)
                    .hasMessage("id must be 'p-7' (producer-seq) (was '" + id + "')");
        }
    }

    @Test
    void producerNamesAreLettersDigitsDotUnderscoreDash() {
        for (String bad : new String[] {"", "a b", "ä", "a/b", "x".repeat(65)}) {
            assertThatThrownBy(() -> Message.of(bad, 0, 1, 0)).as(bad)
                    .hasMessageContaining("producer must be 1..64 letters, digits, '.', '_' or '-'");
        }
        assertThat(Message.of("x".repeat(64), 0, 1, 0).producer()).hasSize(64);
    }
}
