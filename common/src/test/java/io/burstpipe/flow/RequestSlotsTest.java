package io.burstpipe.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RequestSlotsTest {

    /** What was sent, and on which thread. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final RequestSlots<String> slots = new RequestSlots<>(2, b -> sent.add(b + "@"
            + Thread.currentThread().getName()));

    @Test
    void withNothingPutDownAReleaseFreesTheSlot() throws InterruptedException {
        assertThat(slots.tryTake()).isTrue();
        assertThat(slots.tryTake()).isTrue();
        assertThat(slots.tryTake()).isFalse();
        assertThat(slots.inUse()).isEqualTo(2);
        slots.release();
        assertThat(slots.inUse()).isEqualTo(1);
        assertThat(slots.take(1, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).isEmpty();
    }

    @Test
    void theReleaseThatFreesASlotSendsTheBatchPutDownOnItsOwnThreadAndTheSlotStaysTaken() throws Exception {
        slots.tryTake();
        slots.tryTake();
        assertThat(slots.putDown("b1", () -> false)).isTrue();
        assertThat(slots.waiting()).isTrue();
        assertThat(sent).isEmpty();
        Thread answer = new Thread(slots::release, "answer");
        answer.start();
        answer.join(5_000);
        assertThat(sent).containsExactly("b1@answer");
        assertThat(slots.waiting()).isFalse();
        assertThat(slots.inUse()).isEqualTo(2);
    }

    @Test
    void aBatchPutDownWhileASlotIsFreeIsSentFromThePuttingThread() throws Exception {
        slots.tryTake();
        assertThat(slots.putDown("b1", () -> false)).isTrue();
        assertThat(sent).containsExactly("b1@" + Thread.currentThread().getName());
        assertThat(slots.waiting()).isFalse();
        assertThat(slots.inUse()).isEqualTo(2);
    }

    @Test
    void theNextBatchWaitsUntilTheOneDownIsGoneOrGivesUp() throws Exception {
        slots.tryTake();
        slots.tryTake();
        slots.putDown("b1", () -> false);
        AtomicBoolean giveUp = new AtomicBoolean();
        CountDownLatch returned = new CountDownLatch(1);
        AtomicBoolean down = new AtomicBoolean(true);
        Thread maker = new Thread(() -> {
            try {
                down.set(slots.putDown("b2", giveUp::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        }, "maker");
        maker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> maker.getState() == Thread.State.TIMED_WAITING);
        assertThat(returned.getCount()).isEqualTo(1);
        giveUp.set(true);
        assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(down).isFalse();
        // b1 is still down, and taken back unsent
        assertThat(slots.withdraw()).isEqualTo("b1");
        assertThat(slots.withdraw()).isNull();
        assertThat(slots.awaitNoneWaiting(() -> true)).isTrue();
        slots.release();
        slots.release();
        assertThat(slots.awaitAllFree(1, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).isEmpty();
    }

    @Test
    void manyBatchesThroughOneSlotEachSentOnceInOrder() throws Exception {
        RequestSlots<Integer> one = new RequestSlots<>(1, n -> sent.add(String.valueOf(n)));
        one.tryTake();
        sent.add("0");
        Thread answers = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(one::waiting);
                one.release();
            }
        }, "answers");
        answers.start();
        for (int n = 1; n <= 1000; n++) {
            assertThat(one.putDown(n, () -> false)).isTrue();
        }
        answers.join(10_000);
        assertThat(sent).hasSize(1001);
        for (int n = 0; n <= 1000; n++) {
            assertThat(sent.get(n)).isEqualTo(String.valueOf(n));
        }
        assertThat(one.inUse()).isEqualTo(1);
    }
}
