package io.burstpipe.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BoundedPipelineTest {

    @Test
    void defaultCapacityIsTheTutorials() {
        assertThat(new BoundedPipeline<String>().capacity()).isEqualTo(10);
    }

    @Test
    void rejectsCapacityBelowOne() {
        assertThatThrownBy(() -> new BoundedPipeline<String>(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be >= 1 (was 0)");
    }

    @Test
    void drainTakesWhatIsQueuedAndTracksTheHighWaterMark() throws InterruptedException {
        BoundedPipeline<Integer> pipeline = new BoundedPipeline<>(5);
        for (int i = 0; i < 4; i++) {
            assertThat(pipeline.tryOffer(i)).isTrue();
        }
        assertThat(pipeline.depth()).isEqualTo(4);
        List<Integer> sink = new ArrayList<>();
        assertThat(pipeline.drainTo(sink, 3, 1, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(sink).containsExactly(0, 1, 2);
        assertThat(pipeline.highWaterMark()).isEqualTo(4);
        assertThat(pipeline.depth()).isEqualTo(1);
    }

    @Test
    void fullQueueRefusesAndCountsBlockedTime() throws InterruptedException {
        BoundedPipeline<Integer> pipeline = new BoundedPipeline<>(1);
        assertThat(pipeline.tryOffer(1)).isTrue();
        assertThat(pipeline.tryOffer(2)).isFalse();
        assertThat(pipeline.offer(2, 30, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(pipeline.highWaterMark()).isEqualTo(1);
        assertThat(pipeline.producerBlockedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void consumerCannotBlockForeverOnAnEmptyQueue() throws InterruptedException {
        BoundedPipeline<Integer> pipeline = new BoundedPipeline<>(3);
        List<Integer> sink = new ArrayList<>();
        assertThat(pipeline.drainTo(sink, 10, 20, TimeUnit.MILLISECONDS)).isZero();
        assertThat(pipeline.poll(20, TimeUnit.MILLISECONDS)).isNull();
        assertThat(sink).isEmpty();
    }

    @Test
    void producerCannotBlockForeverOnAFullQueue() throws Exception {
        BoundedPipeline<Integer> pipeline = new BoundedPipeline<>(1);
        pipeline.tryOffer(1);
        Event giveUp = new Event();
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                result.set(pipeline.put(2, giveUp));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "blocked-producer");
        producer.start();
        // the give-up must come while the put is really blocked on the full queue, not before it started
        EventTest.awaitParked(producer, Thread.State.TIMED_WAITING);
        assertThat(result.get()).isNull();
        giveUp.set();
        producer.join(5_000);
        assertThat(producer.isAlive()).as("the put gave up").isFalse();
        assertThat(result.get()).isFalse();
        assertThat(pipeline.depth()).isEqualTo(1);
    }

    @Test
    void blockedPutProceedsOnceAConsumerMakesRoom() throws Exception {
        BoundedPipeline<Integer> pipeline = new BoundedPipeline<>(1);
        pipeline.tryOffer(1);
        CompletableFuture<Boolean> put = CompletableFuture.supplyAsync(() -> {
            try {
                return pipeline.put(2, new Event());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(pipeline.poll(1, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(put.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pipeline.poll(1, TimeUnit.SECONDS)).isEqualTo(2);
    }
}
