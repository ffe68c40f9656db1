package io.burstpipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.message.Message;
import org.junit.jupiter.api.Test;

class SeqIndexTest {

    private static Message m(String producer, long seq) {
        return Message.of(producer, seq, 1, 0);
    }

    @Test
    void holdsEachIdOnceAndCountsPerProducer() {
        SeqIndex index = new SeqIndex();
        assertThat(index.add(m("a", 0))).isTrue();
        assertThat(index.add(m("a", 0))).isFalse();
        assertThat(index.add(m("a-b", 7))).isTrue();
        assertThat(index.add(m("a", 5))).isTrue();
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.countByProducer("a")).isEqualTo(2);
        assertThat(index.countByProducer("a-b")).isEqualTo(1);
        assertThat(index.countByProducer("none")).isZero();
        index.remove(m("a", 5));
        index.remove(m("a", 6)); // not held: nothing changes
        assertThat(index.contains(m("a", 5))).isFalse();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.countByProducer("a")).isEqualTo(1);
    }

    @Test
    void readsIdsAsProducerAndSeqAndRefusesWhatIsNoId() {
        SeqIndex index = new SeqIndex();
        index.add(m("my-producer-2", 12));
        assertThat(index.contains("my-producer-2-12")).isTrue();
        assertThat(index.contains("my-producer-2-13")).isFalse();
        assertThat(index.contains("my-producer-2-012")).isFalse(); // not the id of seq 12
        assertThat(index.contains("my-producer-212")).isFalse();
        assertThat(index.contains("12")).isFalse();
        assertThat(index.contains("-12")).isFalse();
        assertThat(index.contains("my-producer-2-")).isFalse();
        assertThat(index.contains("my-producer-2-1x")).isFalse();
        assertThat(index.contains("my-producer-2-99999999999999999999")).isFalse();
        index.add(m("p", 0));
        assertThat(index.contains("p-0")).isTrue();
    }

    @Test
    void aMillionDenseIdsTakeAFewBytesAndHolesCostLittle() {
        SeqIndex dense = new SeqIndex();
        SeqIndex holes = new SeqIndex();
        for (long seq = 0; seq < 1_000_000; seq++) {
            dense.add(m("p", seq));
            if (seq % 100 != 7) { // one message in a hundred dropped
                holes.add(m("p", seq));
            }
        }
        assertThat(dense.size()).isEqualTo(1_000_000);
        // runs: a few bytes however many ids, plus at most a plain 8 KiB bitmap for the ids being filled now
        long atOneMillion = dense.bitmapBytes();
        assertThat(atOneMillion).isLessThan(16 * 1024);
        for (long seq = 1_000_000; seq < 3_000_000; seq++) {
            dense.add(m("p", seq));
        }
        assertThat(dense.bitmapBytes()).as("flat: three times the ids").isLessThan(16 * 1024);
        assertThat(holes.size()).isEqualTo(990_000);
        assertThat(holes.bitmapBytes()).as("at most a bit per seq").isLessThan(1_000_000 / 8 + 4_096);
        assertThat(holes.contains(m("p", 107))).isFalse();
        assertThat(holes.contains(m("p", 108))).isTrue();
    }
}
