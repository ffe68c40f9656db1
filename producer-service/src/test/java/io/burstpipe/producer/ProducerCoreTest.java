package io.burstpipe.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.burstpipe.message.Message;
import io.burstpipe.profile.ProfileSettings;
import io.burstpipe.transport.Transport;
import io.burstpipe.transport.Transport.Answer;
import io.burstpipe.transport.TransportKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The producer's retries with a hand-turned timer: what it waits (backoff, jitter, Retry-After, the cap), that it
 * sends the same ids again while holding its window slot, and how the drain ends a batch that never got in.
 */
@Timeout(60)
class ProducerCoreTest {

    /** Picks the lowest jitter every time: the wait is exactly half the backoff (or Retry-After). */
    private static final RandomGenerator LOWEST = () -> 0L;

    /** Retries are kept, with their delays, until the test runs them. */
    private static final class HandTimer implements RetryTimer {
        final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Runnable> due = new ConcurrentLinkedQueue<>();

        @Override
        public void schedule(Runnable retry, long delayMs) {
            delays.add(delayMs);
            due.add(retry);
        }

        @Override
        public void cancelAll() {
            due.clear();
        }

        void runNext() {
            await().atMost(Duration.ofSeconds(5)).until(() -> !due.isEmpty());
            due.poll().run();
        }
    }

    /** Answers from a script, in order, at once; remembers every batch it was handed. */
    private static final class Scripted implements Transport {
        final Deque<Answer> script;
        final List<List<String>> sent = new ArrayList<>();
        final List<String> senders = new ArrayList<>();
        volatile boolean alwaysPushBack;
        /** {@link #sendsFromAnswers()}: a batch that finds the window full is put down for the answer to send. */
        volatile boolean fromAnswers;

        Scripted(Answer... answers) {
            script = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public synchronized CompletionStage<Answer> send(List<Message> batch) {
            sent.add(batch.stream().map(Message::id).toList());
            senders.add(Thread.currentThread().getName());
            Answer next = alwaysPushBack ? new Answer.RetryLater(Answer.Why.PUSH_BACK, 0, "429 queue full")
                    : script.isEmpty() ? Answer.Accepted.ALL : script.poll();
            return CompletableFuture.completedFuture(next);
        }

        synchronized List<List<String>> sent() {
            return List.copyOf(sent);
        }

        synchronized List<String> senders() {
            return List.copyOf(senders);
        }

        @Override
        public boolean sendsFromAnswers() {
            return fromAnswers;
        }

        @Override
        public void close() {
        }
    }

    /** Linger at its longest: a batch leaves only full or at the end of the stream, never split by timing. */
    private static ProducerConfig config(long messages, int batchSize, Duration drainTimeout) {
        return new ProducerConfig("http://127.0.0.1:1", "rt", ProfileSettings.steady(100_000), 7, batchSize,
                Duration.ofSeconds(10), 1, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO,
                messages, drainTimeout, "127.0.0.1", 0, TransportKind.HTTP, null);
    }

    /** {@link ProducerCore#drain()} on another thread, so the test can run the retries the drain waits for. */
    private static CompletableFuture<ProducerCore.Report> drainInBackground(ProducerCore core) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return core.drain();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void backoffDoublesFromTheBaseWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(100, 2_000);
        assertThat(backoff.delayMs(0, 0, LOWEST)).isEqualTo(50);
        assertThat(backoff.delayMs(1, 0, LOWEST)).isEqualTo(100);
        assertThat(backoff.delayMs(3, 0, LOWEST)).isEqualTo(400);
        assertThat(backoff.delayMs(10, 0, LOWEST)).isEqualTo(1_000); // the cap, halved by the jitter
        assertThat(backoff.delayMs(60, 0, LOWEST)).isEqualTo(1_000); // no overflow on long runs
        RandomGenerator highest = new RandomGenerator() {
            @Override
            public long nextLong() {
                return -1L;
            }

            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        };
        assertThat(backoff.delayMs(3, 0, highest)).isEqualTo(800);
        assertThat(backoff.delayMs(10, 0, highest)).isEqualTo(2_000);
    }

    @Test
    void retryAfterIsAFloorButNeverPastTheCap() {
        Backoff backoff = new Backoff(100, 2_000);
        assertThat(backoff.delayMs(0, 700, LOWEST)).isEqualTo(700);
        assertThat(backoff.delayMs(0, 30_000, LOWEST)).isEqualTo(2_000);
        assertThat(backoff.delayMs(4, 10, LOWEST)).isEqualTo(800); // a short Retry-After does not cut the backoff
        assertThatThrownBy(() -> new Backoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWaitForAWindowSlotCountsAsHeldBackWhileItLastsAndItsMessagesAsWaited() throws Exception {
        // window 1: the first batch of 3 holds the slot (pushed back, its retry not run), the second waits for it
        Scripted transport = new Scripted(new Answer.RetryLater(Answer.Why.PUSH_BACK, 0, "429 queue full"));
        HandTimer timer = new HandTimer();
        ProducerStats stats = new ProducerStats();
        ProducerCore core = new ProducerCore(config(6, 3, Duration.ofSeconds(10)), transport, stats, timer, LOWEST)
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.windowWaited.sum() == 3);
        long early = stats.windowBlockedNanosAt(System.nanoTime());
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.windowBlockedNanosAt(System.nanoTime())
                >= early + 100_000_000L); // the wait going on grows, though no batch has gone since
        assertThat(stats.windowBlockedNanos.sum()).as("finished waits only").isLessThan(early + 1);
        assertThat(stats.sent.sum()).isEqualTo(3);
        timer.runNext(); // the retry is accepted, the slot frees, the second batch goes
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.acked.sum() == 6);
        long blocked = stats.windowBlockedNanos.sum();
        assertThat(blocked).isGreaterThanOrEqualTo(early + 100_000_000L);
        assertThat(stats.windowBlockedNanosAt(System.nanoTime() + 1_000_000_000L)).as("no wait going on")
                .isEqualTo(blocked);
        assertThat(stats.windowWaited.sum()).isEqualTo(3);
        core.drain();
    }

    @Test
    void aPushedBackBatchIsSentAgainWithTheSameIdsHoldingItsSlotUntilAccepted() throws Exception {
        Scripted transport = new Scripted(
                new Answer.RetryLater(Answer.Why.PUSH_BACK, 0, "429 queue full"),
                new Answer.RetryLater(Answer.Why.UNAVAILABLE, 1_500, "503 stopping"),
                Answer.Accepted.ALL);
        HandTimer timer = new HandTimer();
        ProducerStats stats = new ProducerStats();
        ProducerCore core = new ProducerCore(config(3, 3, Duration.ofSeconds(10)), transport, stats, timer, LOWEST)
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> timer.due.size() == 1);
        assertThat(core.inflightBatches()).isEqualTo(1); // the window slot is held while the batch waits
        timer.runNext();
        await().atMost(Duration.ofSeconds(5)).until(() -> timer.due.size() == 1);
        timer.runNext();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.acked.sum() == 3);

        assertThat(timer.delays).containsExactly(50L, 1_500L); // backoff, then the consumer's Retry-After
        assertThat(transport.sent()).hasSize(3).allMatch(ids -> ids.equals(List.of("rt-0", "rt-1", "rt-2")));
        assertThat(stats.rejected.sum()).isEqualTo(1);
        assertThat(stats.unavailable.sum()).isEqualTo(1);
        assertThat(stats.retries.sum()).isEqualTo(2);
        ProducerCore.Report report = core.drain();
        assertThat(report.complete()).isTrue();
        assertThat(report.retries()).isEqualTo(2);
        assertThat(core.inflightBatches()).isZero();
    }

    @Test
    void aBatchStillRetryingAtTheDrainDeadlineIsCountedUnsentNotLost() throws Exception {
        Scripted transport = new Scripted();
        transport.alwaysPushBack = true;
        HandTimer timer = new HandTimer();
        ProducerStats stats = new ProducerStats();
        ProducerCore core = new ProducerCore(config(2, 2, Duration.ofSeconds(1)), transport, stats, timer, LOWEST)
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> timer.due.size() == 1);
        CompletableFuture<ProducerCore.Report> drained = drainInBackground(core);
        // the consumer keeps pushing back; each retry comes due in turn until the drain deadline gives up on it
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Runnable retry = timer.due.poll();
            if (retry != null) {
                retry.run();
            }
            return drained.isDone();
        });
        ProducerCore.Report report = drained.get();
        assertThat(transport.sent().size()).isGreaterThan(1);
        assertThat(report.generated()).isEqualTo(2);
        assertThat(report.acked()).isZero();
        assertThat(report.unsent()).isEqualTo(2);
        assertThat(report.complete()).isFalse();
        assertThat(core.inflightBatches()).isZero();
    }

    @Test
    void overATransportThatSendsFromAnswersTheAnswerThatFreesTheSlotSendsTheBatchPutDown() throws Exception {
        // window 1: the first batch is pushed back and holds the slot; the second is put down for it
        Scripted transport = new Scripted(new Answer.RetryLater(Answer.Why.PUSH_BACK, 0, "429 queue full"));
        transport.fromAnswers = true;
        HandTimer timer = new HandTimer();
        ProducerStats stats = new ProducerStats();
        ProducerCore core = new ProducerCore(config(6, 3, Duration.ofSeconds(10)), transport, stats, timer, LOWEST)
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.windowWaited.sum() == 3 && timer.due.size() == 1);
        assertThat(core.generatorDone().await(300, TimeUnit.MILLISECONDS)).isFalse(); // it waits for the batch to go
        assertThat(transport.sent()).hasSize(1);
        timer.runNext(); // the retry, on this thread, is accepted: its answer sends the batch put down, here
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.acked.sum() == 6);
        assertThat(transport.sent()).containsExactly(List.of("rt-0", "rt-1", "rt-2"), List.of("rt-0", "rt-1", "rt-2"),
                List.of("rt-3", "rt-4", "rt-5"));
        assertThat(transport.senders()).containsExactly("generator", Thread.currentThread().getName(),
                Thread.currentThread().getName());
        ProducerCore.Report report = core.drain();
        assertThat(report.complete()).as(report.toString()).isTrue();
        assertThat(core.inflightBatches()).isZero();
    }

    @Test
    void aBatchPutDownWhenTheDrainGivesUpIsCountedUnsentNotLost() throws Exception {
        Scripted transport = new Scripted();
        transport.alwaysPushBack = true;
        transport.fromAnswers = true;
        HandTimer timer = new HandTimer();
        ProducerStats stats = new ProducerStats();
        ProducerCore core = new ProducerCore(config(4, 2, Duration.ofSeconds(1)), transport, stats, timer, LOWEST)
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.windowWaited.sum() == 2 && timer.due.size() == 1);
        CompletableFuture<ProducerCore.Report> drained = drainInBackground(core);
        // the first batch's retry is held until the drain has given up and taken back the batch put down (counted
        // unsent); then it runs, finds the drain given up, and counts its own batch unsent
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (stats.unsent.sum() >= 2) {
                Runnable retry = timer.due.poll();
                if (retry != null) {
                    retry.run();
                }
            }
            return drained.isDone();
        });
        ProducerCore.Report report = drained.get();
        assertThat(transport.sent()).as("the batch put down never went").allMatch(ids -> ids.equals(List.of("rt-0",
                "rt-1")));
        assertThat(report.generated()).isEqualTo(4);
        assertThat(report.acked()).isZero();
        assertThat(report.unsent()).isEqualTo(4);
        assertThat(report.complete()).isFalse();
        assertThat(core.inflightBatches()).isZero();
    }

    @Test
    void aGeneratorThatDiesIsReportedAndTheRunIsNotComplete() throws Exception {
        Transport throwing = new Transport() {
            @Override
            public CompletionStage<Answer> send(List<Message> batch) {
                throw new IllegalStateException("transport closed");
            }

            @Override
            public void close() {
            }
        };
        ProducerStats stats = new ProducerStats();
        ProducerCore core = new ProducerCore(config(5, 1, Duration.ofSeconds(1)), throwing, stats, new HandTimer(),
                LOWEST).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> core.generatorDone().isSet());
        assertThat(core.generatorFailure()).hasValueSatisfying(e -> assertThat(e).hasMessage("transport closed"));
        ProducerCore.Report report = core.drain();
        assertThat(report.complete()).isFalse();
    }
}
