package io.burstpipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Windows judged on seconds built by hand, where the answer is known by construction. */
class WindowJudgeTest {

    /** One second: {@code n} answers of {@code ms} each, {@code lost} of them reported lost. */
    private static WindowJudge.Second second(int t, int n, long ms, long lost) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(ms * 1000, n);
        return new WindowJudge.Second(t, h, n, lost, 0, 0);
    }

    /** 60 s at 1000 answers of 5 ms a second, but seconds 30..34 answer 20 messages of 5 s each: a 5 s stall. */
    private static Measures runWithAStall(WindowJudge judge) {
        Histogram whole = new Histogram(3);
        for (int t = 1; t <= 60; t++) {
            WindowJudge.Second s = t >= 30 && t < 35 ? second(t, 20, 5000, 0) : second(t, 1000, 5, 0);
            whole.add(s.latency());
            judge.add(s);
        }
        return new Measures(whole, whole, whole, whole.getTotalCount(), whole.getTotalCount(), 0, 0, 0, 0, 0);
    }

    @Test
    void aFiveSecondStallFailsEveryWindowThatHoldsItWhileTheWholeRunP99Passes() {
        Threshold windowed = Threshold.parse("p99[10s]<250ms");
        Threshold whole = Threshold.parse("p99<250ms");
        WindowJudge judge = new WindowJudge(List.of(windowed, whole));
        Measures run = runWithAStall(judge);

        assertThat(whole.holds(run)).as("100 of 55,100 answers are slow: the whole-run p99 hides them").isTrue();
        LoadRun.Verdict v = judge.verdicts().get(0);
        assertThat(judge.verdicts()).hasSize(1); // only the windowed threshold is judged here
        assertThat(v.passed()).isFalse();
        // windows of 10 s a second apart: 51 of them; those holding 4 or 5 stalled seconds have over 1% slow
        // answers (80 of 6080, 100 of 5100), those ending at 33 s to 40 s: 8 fail
        assertThat(v.explanation()).startsWith("p99[10s]<250ms: 8 of 51 windows of 10 s failed; worst p99 = 500")
                .endsWith(" ms in 23 s..33 s");
        assertThat(judge.firstFailure().orElseThrow()).matches("p99\\[10s\\]<250ms: p99 = 500\\d\\.\\d\\d ms in the window "
                + "23 s\\.\\.33 s");
    }

    @Test
    void lossInAWindowIsWhatWasReportedLostInIt() {
        Threshold loss = Threshold.parse("loss[5s]==0");
        WindowJudge judge = new WindowJudge(List.of(loss));
        for (int t = 1; t <= 20; t++) {
            judge.add(second(t, 100, 5, t == 12 ? 3 : 0));
        }
        LoadRun.Verdict v = judge.verdicts().get(0);
        assertThat(v.passed()).isFalse();
        assertThat(v.explanation()).isEqualTo("loss[5s]==0: 5 of 16 windows of 5 s failed; worst loss = 3 in 7 s..12 s");
    }

    @Test
    void aSpanIsJudgedOnceOnItsOwnSecondsSoAStallBeforeItDoesNotCount() {
        // the stall is in seconds 30..34; a span after it passes, one over it fails, as soon as the span is over
        Threshold after = Threshold.parse("p99[40s..50s]<250ms");
        Threshold over = Threshold.parse("p99[25s..35s]<250ms");
        WindowJudge judge = new WindowJudge(List.of(after, over));
        for (int t = 1; t <= 36; t++) {
            judge.add(t >= 30 && t < 35 ? second(t, 20, 5000, 0) : second(t, 1000, 5, 0));
        }
        assertThat(judge.firstFailure().orElseThrow()).matches("p99\\[25s\\.\\.35s\\]<250ms: p99 = 500\\d\\.\\d\\d ms "
                + "in the window 25 s\\.\\.35 s");
        for (int t = 37; t <= 60; t++) {
            judge.add(second(t, 1000, 5, 0));
        }
        List<LoadRun.Verdict> verdicts = judge.verdicts();
        assertThat(verdicts.get(0).passed()).isTrue();
        assertThat(verdicts.get(0).explanation()).isEqualTo("p99[40s..50s]<250ms: p99 = 5.00 ms in 40 s..50 s");
        assertThat(verdicts.get(1).passed()).isFalse();
        assertThat(verdicts.get(1).explanation()).matches("p99\\[25s\\.\\.35s\\]<250ms: p99 = 500\\d\\.\\d\\d ms in "
                + "25 s\\.\\.35 s");
    }

    @Test
    void aSpanTheRunEndedInsideIsJudgedOnWhatItReachedAndOneItNeverReachedFails() {
        WindowJudge judge = new WindowJudge(List.of(Threshold.parse("loss[5s..15s]==0"),
                Threshold.parse("p99[30s..40s]<1s")));
        for (int t = 1; t <= 10; t++) {
            judge.add(second(t, 100, 5, 0));
        }
        List<LoadRun.Verdict> verdicts = judge.verdicts();
        assertThat(verdicts.get(0).passed()).isTrue();
        assertThat(verdicts.get(0).explanation()).isEqualTo("loss[5s..15s]==0: loss = 0 in 5 s..10 s (the part of "
                + "5 s..15 s the run measured)");
        assertThat(verdicts.get(1).passed()).isFalse();
        assertThat(verdicts.get(1).explanation()).isEqualTo("p99[30s..40s]<1s: no measured second of the run fell in "
                + "30 s..40 s");
    }

    @Test
    void aRunShorterThanTheWindowIsJudgedAsOneWindow() {
        WindowJudge judge = new WindowJudge(List.of(Threshold.parse("p99[30s]<250ms")));
        for (int t = 1; t <= 4; t++) {
            judge.add(second(t, 100, 5, 0));
        }
        assertThat(judge.firstFailure()).isEmpty();
        LoadRun.Verdict v = judge.verdicts().get(0);
        assertThat(v.passed()).isTrue();
        assertThat(v.explanation()).isEqualTo("p99[30s]<250ms: 0 of 1 windows of 30 s failed; worst p99 = 5.00 ms in "
                + "0 s..4 s");
    }
}
