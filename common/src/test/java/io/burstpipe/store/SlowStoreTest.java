package io.burstpipe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.burstpipe.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlowStoreTest {

    private static final List<Message> BATCH = List.of(Message.of("p", 0, 5, 0), Message.of("p", 1, 6, 0));

    @Test
    void addsAtLeastTheConfiguredLatency() throws Exception {
        MemoryStore memory = new MemoryStore();
        SlowStore slow = new SlowStore(memory, Duration.ofMillis(20), Duration.ZERO, 0.0, 1);
        long start = System.nanoTime();
        assertThat(slow.storeBatch(BATCH)).isEqualTo(2);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(memory.count()).isEqualTo(2);
    }

    @Test
    void knobsTurnedWhileRunningApplyToTheNextWrites() throws Exception {
        MemoryStore memory = new MemoryStore();
        SlowStore slow = new SlowStore(memory, Duration.ZERO, Duration.ZERO, 0.0, 1);
        slow.adjust(new SlowStoreSettings(Duration.ofMillis(30), Duration.ZERO, 0.0));
        long start = System.nanoTime();
        slow.storeBatch(BATCH);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        assertThat(slow.settings()).isEqualTo(new SlowStoreSettings(Duration.ofMillis(30), Duration.ZERO, 0.0));
        assertThat(slow.describe()).contains("slowed by 30.0 ms");
        slow.adjust(SlowStoreSettings.NONE);
        assertThat(slow.describe()).contains("slowed by 0.0 ms");
    }

    @Test
    void aFailedWriteWritesNothing() {
        MemoryStore memory = new MemoryStore();
        SlowStore down = new SlowStore(memory, Duration.ZERO, Duration.ZERO, 1.0, 1);
        assertThatThrownBy(() -> down.storeBatch(BATCH))
                .isInstanceOf(StoreException.class)
                .hasMessage("injected store failure (failure rate 1.000); batch of 2 not written");
        assertThat(memory.count()).isZero();
    }

    @Test
    void failureRateIsRoughlyTheConfiguredShareAndSeeded() throws Exception {
        assertThat(failures(7)).isEqualTo(failures(7)).isBetween(150, 250);
    }

    private static int failures(long seed) throws StoreException {
        SlowStore flaky = new SlowStore(new MemoryStore(), Duration.ZERO, Duration.ZERO, 0.2, seed);
        int failed = 0;
        for (int i = 0; i < 1000; i++) {
            try {
                flaky.storeBatch(List.of(Message.of("p", i, 1, 0)));
            } catch (StoreException e) {
                failed++;
            }
        }
        return failed;
    }

    @Test
    void rejectsKnobsOutOfRange() {
        assertThatThrownBy(() -> new SlowStore(new MemoryStore(), Duration.ofMillis(-1), Duration.ZERO, 0, 1))
                .hasMessage("store latency must be between 0 ms and 60 s (was -1 ms)");
        assertThatThrownBy(() -> new SlowStore(new MemoryStore(), Duration.ZERO, Duration.ZERO, 1.5, 1))
                .hasMessage("store failure rate must be between 0.0 and 1.0 (was 1.5)");
    }
}
