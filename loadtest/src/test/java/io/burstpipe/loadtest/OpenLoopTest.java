package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.flow.Event;
import io.burstpipe.message.Message;
import io.burstpipe.transport.Transport;
import io.burstpipe.profile.ProfileSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OpenLoopTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Answers at once, at the fake clock's time, and remembers when each message went out. */
    private static final class Recording implements Transport {
        final FakeClock clock;
        final List<Long> sendTimes = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();

        Recording(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public CompletionStage<Answer> send(List<Message> batch) {
            for (int i = 0; i < batch.size(); i++) {
                sendTimes.add(clock.nanoTime());
            }
            batchSizes.add(batch.size());
            return CompletableFuture.completedFuture(Answer.Accepted.ALL);
        }

        @Override
        public void close() {
        }
    }

    /** Runs the generator on its thread to its end (the fake clock makes that quick); fails if it does not end. */
    private static void runToEnd(OpenLoop loop) {
        loop.start();
        try {
            assertThat(loop.awaitShutdown(Duration.ofSeconds(30))).as("the generator ended").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(loop.failure()).isEmpty();
    }

    private static OpenLoop.Config plan(ProfileSettings spec, long seconds, int batch, long lingerNanos, int inflight) {
        return new OpenLoop.Config("lt", spec.schedule(1), 1, 0, seconds * SECOND, Long.MAX_VALUE, 0, batch,
                lingerNanos, inflight);
    }

    @Test
    void steadyScheduleSendsTheTargetRateEverySecondAt20000PerSecond() {
        FakeClock clock = new FakeClock();
        Recording transport = new Recording(clock);
        LoadStats stats = new LoadStats();
        runToEnd(new OpenLoop(plan(ProfileSettings.steady(20_000), 10, 10, TimeUnit.MILLISECONDS.toNanos(2), 64), transport,
                stats, clock));

        long[] perSecond = new long[10];
        for (long t : transport.sendTimes) {
            perSecond[(int) (t / SECOND)]++;
        }
        for (int s = 0; s < 10; s++) {
            assertThat(perSecond[s]).as("second %d", s).isBetween(19_800L, 20_200L);
        }
        assertThat(stats.sent.sum()).isEqualTo(200_000);
        assertThat(stats.acked.sum()).isEqualTo(200_000);
        assertThat(stats.delayed.sum()).isZero();
        // a batch goes when full: ten messages 50 us apart, the first waiting 450 us for the tenth
        assertThat(transport.batchSizes).allMatch(n -> n == 10);
        assertThat(stats.sendDelay.total().getMaxValue()).isLessThanOrEqualTo(451);
    }

    /** What a transport was handed: every message, in order. */
    private static List<Message> sent(ProfileSettings spec, long seed) {
        FakeClock clock = new FakeClock();
        List<Message> messages = new ArrayList<>();
        Transport keep = new Transport() {
            @Override
            public CompletionStage<Answer> send(List<Message> batch) {
                messages.addAll(batch);
                return CompletableFuture.completedFuture(Answer.Accepted.ALL);
            }

            @Override
            public void close() {
            }
        };
        runToEnd(new OpenLoop(new OpenLoop.Config("lt", spec.schedule(seed), seed, 0, 2 * SECOND, Long.MAX_VALUE, 0, 10,
                TimeUnit.MILLISECONDS.toNanos(2), 64), keep, new LoadStats(), clock));
        return messages;
    }

    @Test
    void theSameSeedReplaysTheSameRun() {
        ProfileSettings bursts = ProfileSettings.burst(200, 5000, 300, 700);
        List<Message> first = sent(bursts, 42);
        List<Message> again = sent(bursts, 42);
        List<Message> other = sent(bursts, 43);
        assertThat(first).hasSizeGreaterThan(1000);
        // same intended times (createdAt) and values, message for message
        assertThat(again).isEqualTo(first);
        assertThat(other.stream().map(Message::createdAtMicros).toList())
                .isNotEqualTo(first.stream().map(Message::createdAtMicros).toList());
    }

    @Test
    void withoutAnEndTheMessageLimitEndsTheRun() {
        FakeClock clock = new FakeClock();
        Recording transport = new Recording(clock);
        LoadStats stats = new LoadStats();
        runToEnd(new OpenLoop(new OpenLoop.Config("lt", ProfileSettings.steady(4000).schedule(1), 1, 0, Long.MAX_VALUE, 2000, 0, 100,
                TimeUnit.MILLISECONDS.toNanos(25), 64), transport, stats, clock));
        assertThat(stats.sent.sum()).isEqualTo(2000);
        assertThat(transport.sendTimes.get(1999)).isBetween(499_000_000L, 500_000_000L);
    }

    @Test
    void aGeneratorFarBehindStopsWithTheRun() {
        FakeClock clock = new FakeClock();
        LoadStats stats = new LoadStats();
        // every send takes 10 ms of the fake clock: at 1000 msgs/s one at a time, the generator falls behind
        Transport slow = new Transport() {
            @Override
            public CompletionStage<Answer> send(List<Message> batch) {
                clock.advance(TimeUnit.MILLISECONDS.toNanos(10));
                return CompletableFuture.completedFuture(Answer.Accepted.ALL);
            }

            @Override
            public void close() {
            }
        };
        runToEnd(new OpenLoop(plan(ProfileSettings.steady(1000), 2, 1, 0, 1), slow, stats, clock));
        // 2 s of schedule, 1 s of grace: about 300 sends of 10 ms, not the 2000 that were due
        assertThat(stats.sent.sum()).isBetween(295L, 305L);
        assertThat(clock.nanoTime()).isLessThan(3 * SECOND + SECOND / 10);
    }

    @Test
    void aStalledTargetShowsInTheCorrectedLatencyAndHardlyInTheServiceTime() {
        FakeClock clock = new FakeClock();
        LoadStats stats = new LoadStats();
        // one request at a time; the request sent at 2 s takes 1 s to answer, every other one is instant
        Transport stalling = new Transport() {
            boolean stalled;

            @Override
            public CompletionStage<Answer> send(List<Message> batch) {
                if (!stalled && clock.nanoTime() >= 2 * SECOND) {
                    stalled = true;
                    clock.advance(SECOND);
                }
                return CompletableFuture.completedFuture(Answer.Accepted.ALL);
            }

            @Override
            public void close() {
            }
        };
        runToEnd(new OpenLoop(plan(ProfileSettings.steady(1000), 10, 1, 0, 1), stalling, stats, clock));

        Histogram corrected = stats.latency.total();
        Histogram service = stats.serviceTime.total();
        assertThat(corrected.getTotalCount()).isEqualTo(10_000);
        assertThat(corrected.getMaxValue()).isBetween(990_000L, 1_010_000L);
        // about 1000 messages were due during the stall: 10% of the run waited, up to a second
        assertThat(corrected.getValueAtPercentile(99.9)).isGreaterThan(900_000L);
        assertThat(corrected.getValueAtPercentile(95)).isGreaterThan(400_000L);
        // the closed-loop view sees one slow request among ten thousand
        assertThat(service.getCountBetweenValues(900_000, 2_000_000)).isEqualTo(1);
        assertThat(service.getValueAtPercentile(99.9)).isLessThan(1_000L);
        assertThat(service.getMaxValue()).isBetween(990_000L, 1_010_000L);
    }

    @Test
    void sendsBeyondTheInflightBoundWaitAndAreCountedAsDelayed() throws InterruptedException {
        FakeClock clock = new FakeClock();
        LoadStats stats = new LoadStats();
        List<CompletableFuture<Transport.Answer>> pending = new ArrayList<>();
        Transport slow = new Transport() {
            @Override
            public synchronized CompletionStage<Answer> send(List<Message> batch) {
                CompletableFuture<Answer> answer = new CompletableFuture<>();
                pending.add(answer);
                return answer;
            }

            @Override
            public void close() {
            }
        };
        OpenLoop loop = new OpenLoop(plan(ProfileSettings.steady(100), 1, 1, 0, 2), slow, stats, clock);
        loop.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats.delayed.sum() == 1);
        assertThat(stats.sent.sum()).isEqualTo(2);
        assertThat(loop.inflightRequests()).isEqualTo(2);
        clock.advance(SECOND / 2); // the target answers half a second late
        synchronized (slow) {
            pending.get(0).complete(Transport.Answer.Accepted.ALL);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats.sent.sum() >= 3);
        loop.initiateShutdown();
        assertThat(loop.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(loop.done().isSet()).isTrue();
        // the delayed message went out half a second after it was due, and its send delay says so
        assertThat(stats.sendDelay.total().getMaxValue()).isGreaterThanOrEqualTo(480_000L);
    }

    /** Holds every request until the test answers it, and says which thread sent each; sends from its answers. */
    private static final class Answering implements Transport {
        final List<CompletableFuture<Answer>> pending = new ArrayList<>();
        final List<String> senders = new ArrayList<>();

        @Override
        public synchronized CompletionStage<Answer> send(List<Message> batch) {
            senders.add(Thread.currentThread().getName());
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer;
        }

        @Override
        public boolean sendsFromAnswers() {
            return true;
        }

        synchronized int sent() {
            return pending.size();
        }

        synchronized CompletableFuture<Answer> request(int i) {
            return pending.get(i);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void overATransportThatSendsFromAnswersTheAnswerThatFreesTheSlotSendsTheWaitingBatch() throws Exception {
        FakeClock clock = new FakeClock();
        LoadStats stats = new LoadStats();
        Answering transport = new Answering();
        // 100 messages due within a second, one request at a time: all but the first wait for a slot
        OpenLoop loop = new OpenLoop(plan(ProfileSettings.steady(100), 1, 1, 0, 1), transport, stats, clock);
        loop.start();
        String me = Thread.currentThread().getName();
        for (int i = 0; i < 100; i++) {
            int sent = i + 1;
            Awaitility.await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> transport.sent() == sent);
            if (i < 99) {
                // the next batch is put down before this answer comes, so this answer must send it
                // and the generator has made the one after it too (counted delayed at its due time), or ended
                long delayed = Math.min(i + 2, 99);
                Awaitility.await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                        .until(() -> loop.batchWaiting() && stats.delayed.sum() == delayed);
                assertThat(stats.sent.sum()).isEqualTo(sent);
            }
            // the generator is at the put-down batch's due time; its answer comes 5 ms later (the run's 1 s and
            // the grace past it hold all of them)
            clock.advance(TimeUnit.MILLISECONDS.toNanos(5));
            transport.request(i).complete(Transport.Answer.Accepted.ALL);
        }
        assertThat(loop.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(loop.done().isSet()).isTrue();
        assertThat(loop.failure()).isEmpty();
        assertThat(stats.sent.sum()).isEqualTo(100);
        assertThat(stats.acked.sum()).isEqualTo(100);
        assertThat(stats.delayed.sum()).isEqualTo(99);
        assertThat(loop.inflightRequests()).isZero();
        assertThat(transport.senders.get(0)).isEqualTo("load-generator");
        assertThat(transport.senders.subList(1, 100)).as("sent by the answers").containsOnly(me);
        // while a batch is put down the generator makes the next one, at its due time 10 ms later; the answer comes
        // 5 ms after that: each waiting message but the last goes out 15 ms after it was due (the last, with none
        // made after it, two answers of 5 ms after its due time)
        Histogram delay = stats.sendDelay.total();
        assertThat(delay.getTotalCount()).isEqualTo(100);
        assertThat(delay.getCountBetweenValues(14_990, 15_010)).isEqualTo(98);
        assertThat(delay.getCountBetweenValues(9_990, 10_010)).isEqualTo(1);
        assertThat(stats.latency.total().getTotalCount()).isEqualTo(100);
    }

    @Test
    void aBatchPutDownWhenTheRunIsStoppedStaysUnsent() throws Exception {
        FakeClock clock = new FakeClock();
        LoadStats stats = new LoadStats();
        Answering transport = new Answering();
        OpenLoop loop = new OpenLoop(plan(ProfileSettings.steady(100), 1, 1, 0, 1), transport, stats, clock);
        loop.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> transport.sent() == 1 && loop.batchWaiting());
        loop.initiateShutdown();
        assertThat(loop.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(loop.done().isSet()).isTrue();
        assertThat(loop.batchWaiting()).isFalse();
        // the answer that comes after the stop frees its slot and sends nothing
        transport.request(0).complete(Transport.Answer.Accepted.ALL);
        assertThat(transport.sent()).isEqualTo(1);
        assertThat(stats.sent.sum()).isEqualTo(1);
        assertThat(stats.acked.sum()).isEqualTo(1);
        assertThat(loop.inflightRequests()).isZero();
    }
}
