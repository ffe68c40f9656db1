package io.burstpipe.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventTest {

    @Test
    void startsClearAndReportsSetAndClear() {
        Event event = new Event();
        assertThat(event.isSet()).isFalse();
        event.set();
        assertThat(event.isSet()).isTrue();
        event.clear();
        assertThat(event.isSet()).isFalse();
    }

    @Test
    void timedAwaitReturnsFalseWhenNeverSet() throws InterruptedException {
        Event event = new Event();
        long start = System.nanoTime();
        assertThat(event.await(Duration.ofMillis(50))).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void awaitReturnsAtOnceWhenAlreadySet() throws InterruptedException {
        Event event = new Event();
        event.set();
        assertThat(event.await(Duration.ofDays(1))).isTrue();
        event.await(); // must not block
    }

    @Test
    void setWakesEveryWaiter() throws InterruptedException {
        Event event = new Event();
        AtomicBoolean timedWoke = new AtomicBoolean();
        AtomicBoolean untimedWoke = new AtomicBoolean();
        Thread timed = new Thread(() -> timedWoke.set(awaitQuietly(event, Duration.ofSeconds(30))), "timed-waiter");
        Thread untimed = new Thread(() -> {
            try {
                event.await();
                untimedWoke.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "untimed-waiter");
        timed.start();
        untimed.start();
        // both must really be waiting before the set, or the test would only show that await returns when set
        awaitParked(timed, Thread.State.TIMED_WAITING);
        awaitParked(untimed, Thread.State.WAITING);
        event.set();
        timed.join(5_000);
        untimed.join(5_000);
        assertThat(timed.isAlive() || untimed.isAlive()).as("a waiter still waits").isFalse();
        assertThat(timedWoke).isTrue();
        assertThat(untimedWoke).isTrue();
    }

    /** Waits until {@code thread} is parked in {@code state} (inside Event.await). */
    static void awaitParked(Thread thread, Thread.State state) {
        await(thread.getName() + " parked").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> thread.getState() == state);
    }

    @Test
    void clearMakesLaterWaitsBlockAgain() throws InterruptedException {
        Event event = new Event();
        event.set();
        event.clear();
        assertThat(event.await(Duration.ofMillis(20))).isFalse();
    }

    private static boolean awaitQuietly(Event event, Duration timeout) {
        try {
            return event.await(timeout);
        } catch (InterruptedException e) {
            return false;
        }
    }
}
