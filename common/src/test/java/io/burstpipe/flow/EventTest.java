package io.burstpipe.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    void setWakesEveryWaiter() {
        Event event = new Event();
        CompletableFuture<Boolean> timed = CompletableFuture.supplyAsync(() -> awaitQuietly(event, Duration.ofSeconds(30)));
        CompletableFuture<Boolean> untimed = CompletableFuture.supplyAsync(() -> {
            try {
                event.await();
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
        assertThat(timed).isNotDone();
        event.set();
        await().atMost(Duration.ofSeconds(5)).until(() -> timed.isDone() && untimed.isDone());
        assertThat(timed.join()).isTrue();
        assertThat(untimed.join()).isTrue();
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
