package io.burstpipe.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class StoppableWorkerTest {

    /** Counts its turns, waiting 5 ms on the stop event between them. */
    static final class Counting extends StoppableWorker {
        final AtomicInteger turns = new AtomicInteger();
        final AtomicReference<String> stoppedOn = new AtomicReference<>();

        Counting() {
            super("counting");
        }

        @Override
        protected void doWork() throws InterruptedException {
            turns.incrementAndGet();
            stopping().await(5, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void onStop() {
            stoppedOn.set(Thread.currentThread().getName());
        }
    }

    @Test
    void worksUntilShutdownThenStopsOnceOnItsOwnThread() throws InterruptedException {
        Counting w = new Counting();
        assertThat(w.state()).isEqualTo(StoppableWorker.State.NEW);
        w.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> w.turns.get() >= 3);
        assertThat(w.state()).isEqualTo(StoppableWorker.State.RUNNING);
        w.initiateShutdown();
        assertThat(w.awaitShutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(w.state()).isEqualTo(StoppableWorker.State.STOPPED);
        assertThat(w.failure()).isEmpty();
        assertThat(w.stoppedOn).hasValue("counting");
        int turns = w.turns.get();
        assertThat(w.awaitShutdown(Duration.ofMillis(50))).isTrue();
        assertThat(w.turns).hasValue(turns);
        assertThatThrownBy(w::start).hasMessage("counting was already started");
    }

    @Test
    void aTurnThatThrowsLeavesTheWorkerFailedWithItsCauseAndTellsTheListener() throws InterruptedException {
        CountDownLatch told = new CountDownLatch(1);
        AtomicReference<Throwable> heard = new AtomicReference<>();
        AtomicInteger stops = new AtomicInteger();
        StoppableWorker w = new StoppableWorker("failing") {
            int turn;

            @Override
            protected void doWork() {
                if (++turn == 3) {
                    throw new IllegalStateException("broken on turn 3");
                }
            }

            @Override
            protected void onStop() {
                stops.incrementAndGet();
            }
        };
        w.onFailure(e -> {
            heard.set(e);
            told.countDown();
        });
        w.start();
        assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(w.awaitShutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(w.state()).isEqualTo(StoppableWorker.State.FAILED);
        assertThat(w.isFailed()).isTrue();
        assertThat(w.failure()).get().extracting(Throwable::getMessage).isEqualTo("broken on turn 3");
        assertThat(heard.get()).isSameAs(w.failure().get());
        assertThat(stops).as("onStop runs after a failure too").hasValue(1);
    }

    @Test
    void theWorkCanEndItselfAndABlockedTurnIsWokenOrOutwaited() throws InterruptedException {
        StoppableWorker finishes = new StoppableWorker("finishes") {
            int left = 5;

            @Override
            protected void doWork() {
                if (--left == 0) {
                    initiateShutdown();
                }
            }
        };
        finishes.start();
        assertThat(finishes.awaitShutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(finishes.state()).isEqualTo(StoppableWorker.State.STOPPED);

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inTurn = new CountDownLatch(1);
        AtomicInteger wakeUps = new AtomicInteger();
        StoppableWorker blocked = new StoppableWorker("blocked") {
            @Override
            protected void doWork() throws InterruptedException {
                inTurn.countDown();
                release.await(10, TimeUnit.SECONDS);
            }

            @Override
            protected void wakeUp() {
                wakeUps.incrementAndGet();
            }
        };
        blocked.start();
        assertThat(inTurn.await(5, TimeUnit.SECONDS)).isTrue(); // the turn has begun before the shutdown
        blocked.initiateShutdown();
        assertThat(blocked.state()).isEqualTo(StoppableWorker.State.STOPPING);
        assertThat(blocked.awaitShutdown(Duration.ofMillis(100))).as("the turn still blocks").isFalse();
        assertThat(wakeUps).hasValue(1);
        release.countDown();
        assertThat(blocked.awaitShutdown(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aWorkerNeverStartedStopsAtOnce() throws InterruptedException {
        Counting w = new Counting();
        w.initiateShutdown();
        assertThat(w.awaitShutdown(Duration.ofMillis(10))).isTrue();
        assertThat(w.state()).isEqualTo(StoppableWorker.State.STOPPED);
    }
}
