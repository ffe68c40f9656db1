package io.burstpipe.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Which stage limited throughput, with the figures behind the verdict; one logic for the load test's readout and
 * the consumer's own view of its last seconds.
 *
 * <p>Read from a window of the consumer's cumulative {@link ConsumerStats}, about a second apart, and, when a load
 * generator ran, its own figures ({@link Sender}). The store's saturation is judged over the time there was work
 * in the pipeline (the consumer samples every 10 ms whether a message is queued or a writer is writing, and how
 * many writers are, each sample weighted by the time since the one before), so quiet gaps between bursts do not
 * dilute it. Little's law is checked with matching definitions: the time-sampled mean number <em>in</em> the queue
 * against the rate of messages taken from it times their mean time inside it; waiting for room <em>before</em> the
 * queue is the push-back, a figure of its own.
 *
 * <p>The stages, in the order they are judged:
 * <ol>
 *   <li>{@code producer}: the generator fell short of its schedule without waiting on the target;
 *   <li>{@code none}: nothing held anyone back (no send waited, nothing refused, dropped or failed, no push-back);
 *   <li>{@code store}: the writers were at least {@value #SATURATED_PERCENT}% busy while there was work;
 *   <li>{@code queue}: messages were refused or dropped by a full queue while the store was not saturated;
 *   <li>{@code transport}: sends waited for the in-flight bound, or failed, while the consumer kept up;
 *   <li>{@code unknown}: the sender was held back, and there is no {@code /stats} to look inside.
 * </ol>
 */
public final class Bottleneck {

    static final int SATURATED_PERCENT = 90;
    private static final double SATURATED = SATURATED_PERCENT / 100.0;
    /** A share of sends that waited for the in-flight bound below which nothing is said to hold the sender back. */
    private static final double DELAYED_NOTICEABLE = 0.01;
    /** Mean number of messages held back before the queue below which there is no push-back to speak of. */
    private static final double PUSH_BACK_NOTICEABLE = 0.05;
    /** Below this on both sides of Little's law the queue was practically always empty. */
    private static final double LITTLE_TRIVIAL = 0.05;
    private static final double LITTLE_TOLERANCE = 0.2;
    /**
     * Writers inside store writes less than this share of the time a backlog waited were held up by something else
     * (paused again); above it the rest is their own per-batch work and waiting for a CPU.
     */
    private static final double DRAIN_BUSY = 0.2;

    public enum Stage {
        PRODUCER, TRANSPORT, QUEUE, STORE, NONE, UNKNOWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a load generator knows of its own run.
     *
     * @param targetRate   messages per second the profile asked for
     * @param achievedRate messages per second actually sent
     * @param sent         messages sent
     * @param delayed      of those, how many waited for the in-flight bound before they could be sent
     * @param errored      messages in failed requests
     * @param heldBack     the share of the span the sender's generation waited for a free in-flight slot (0..1),
     *                     when the sender measured it
     */
    public record Sender(double targetRate, double achievedRate, long sent, long delayed, long errored,
                         OptionalDouble heldBack) {

        public Sender(double targetRate, double achievedRate, long sent, long delayed, long errored) {
            this(targetRate, achievedRate, sent, delayed, errored, OptionalDouble.empty());
        }

        double delayedShare() {
            return sent == 0 ? 0 : (double) delayed / sent;
        }

        boolean fellShort() {
            return targetRate > 0 && achievedRate < 0.97 * targetRate;
        }
    }

    /**
     * The consumer's side of the window. Rates are per second of the window; {@code loadedBusy} is the writers'
     * busy share while there was work in the pipeline; capacity is what the writers manage per second of busy
     * time, absent if they were never busy.
     */
    public record Consumer(double seconds, int writers, long taken, double arrivalRate, double storedRate,
                           double spanBusy, OptionalDouble loadedBusy, OptionalDouble capacity,
                           OptionalDouble meanDepth, double meanQueueWaitMs, double meanHeldBack, long overflowed,
                           int queueCapacity, long failedWrites) {

        boolean saturated() {
            return loadedBusy.isPresent() && loadedBusy.getAsDouble() >= SATURATED;
        }
    }

    /**
     * Little's law over the window: {@code meanDepth} (L) against {@code arrivalRate} × {@code meanWaitMs} (λW).
     *
     * @param holds true when the two sides agree within ±20%, or both are practically zero
     */
    public record Little(double meanDepth, double arrivalRate, double meanWaitMs, double predicted, double ratio,
                         boolean holds, String verdict) {
    }

    public record Readout(Stage stage, String reason, Optional<Sender> sender, Optional<Consumer> consumer,
                          Optional<Little> little) {
    }

    private Bottleneck() {
    }

    /**
     * @param sender the generator's figures, if a burstpipe load generator ran
     * @param window the consumer's cumulative stats over the span, oldest first, about a second apart (fewer than
     *               two: nothing is known inside the consumer)
     */
    public static Readout judge(Optional<Sender> sender, List<ConsumerStats> window) {
        Optional<Consumer> consumer = consumer(window);
        Optional<Little> little = consumer.flatMap(Bottleneck::little);
        Judged j = stage(sender, consumer);
        return new Readout(j.stage, j.reason, sender, consumer, little);
    }

    /**
     * A backlog's drain: the writers were paused while the queue filled, then resumed at {@code resumedAtMillis}.
     * Work was waiting by construction and the writers are the only stage at work, so the drain is judged on the
     * window from the resume on: the store set its pace unless the writers idled while the backlog waited. Little's
     * law is checked over the whole window (it holds over a span that starts and ends with the queue empty, not over
     * the drain alone, whose messages waited mostly before it).
     */
    public static Readout judgeDrain(List<ConsumerStats> window, long resumedAtMillis) {
        List<ConsumerStats> drain = window.stream().filter(s -> s.timeMillis() >= resumedAtMillis).toList();
        Optional<Consumer> consumer = consumer(drain);
        Optional<Little> little = consumer(window).flatMap(Bottleneck::little);
        if (consumer.isEmpty()) {
            return new Readout(Stage.UNKNOWN, "no stats from the resume to the end of the drain", Optional.empty(),
                    consumer, little);
        }
        Consumer c = consumer.get();
        Judged j = c.loadedBusy().orElse(0) >= DRAIN_BUSY
                ? new Judged(Stage.STORE, String.format(Locale.ROOT, "the backlog drained at the store writers' pace, "
                + "%.0f msgs/s, with nothing else at work: %s of their time while work waited was inside store "
                + "writes%s",
                c.storedRate(), percent(c.loadedBusy()), c.capacity().isPresent() ? String.format(Locale.ROOT,
                " (about %.0f msgs/s of write time), the rest their own per-batch work and waiting for a CPU",
                c.capacity().getAsDouble())
                : ""))
                : new Judged(Stage.NONE, String.format(Locale.ROOT, "the writers were only %s busy while the backlog "
                + "waited%s: something other than the store slowed the drain", percent(c.loadedBusy()), capacity(c)));
        return new Readout(j.stage, j.reason, Optional.empty(), consumer, little);
    }

    private record Judged(Stage stage, String reason) {
    }

    private static Judged stage(Optional<Sender> sender, Optional<Consumer> consumer) {
        if (sender.isPresent() && sender.get().fellShort() && sender.get().delayedShare() < DELAYED_NOTICEABLE
                && sender.get().errored() == 0) {
            Sender s = sender.get();
            return new Judged(Stage.PRODUCER, String.format(Locale.ROOT, "the generator sent %.0f of the %.0f msgs/s "
                    + "asked for without waiting on the target: this machine could not keep the schedule",
                    s.achievedRate(), s.targetRate()));
        }
        double delayedShare = sender.map(Sender::delayedShare).orElse(0.0);
        long errored = sender.map(Sender::errored).orElse(0L);
        boolean senderHeld = delayedShare >= DELAYED_NOTICEABLE || errored > 0
                || sender.map(Sender::fellShort).orElse(false);
        if (consumer.isEmpty()) {
            return withoutStats(senderHeld, delayedShare, errored);
        }
        Consumer c = consumer.get();
        boolean pushedBack = c.meanHeldBack() >= PUSH_BACK_NOTICEABLE;
        if (!senderHeld && c.overflowed() == 0 && !pushedBack && c.failedWrites() == 0 && c.taken() == 0) {
            return new Judged(Stage.NONE, "no messages came in" + capacity(c));
        }
        if (!senderHeld && c.overflowed() == 0 && !pushedBack && c.failedWrites() == 0) {
            return new Judged(Stage.NONE, String.format(Locale.ROOT, "%s: the store was %s busy while there was "
                    + "work%s, the queue held %s on average", sender.isPresent() ? "nothing held the senders back"
                    : "nothing waited for room at the queue, nothing was refused or dropped", percent(c.loadedBusy()),
                    capacity(c), number(c.meanDepth())));
        }
        return underPressure(c, sender, senderHeld, delayedShare, errored);
    }

    /** Something held back: the store if saturated, else a full queue, else the sends themselves. */
    private static Judged underPressure(Consumer c, Optional<Sender> sender, boolean senderHeld, double delayedShare,
                                        long errored) {
        if (c.saturated()) {
            return new Judged(Stage.STORE, String.format(Locale.ROOT, "the store writers were %s busy while there "
                    + "was work%s; %s", percent(c.loadedBusy()), capacity(c), pushBack(c, sender)));
        }
        if (c.overflowed() > 0) {
            return new Judged(Stage.QUEUE, String.format(Locale.ROOT, "%d messages were refused or dropped by a full "
                    + "queue of %d while the store was only %s busy%s: bursts outran the queue, not the store",
                    c.overflowed(), c.queueCapacity(), percent(c.loadedBusy()), capacity(c)));
        }
        if (senderHeld) {
            return new Judged(Stage.TRANSPORT, String.format(Locale.ROOT, "%.1f%% of sends waited for the in-flight "
                    + "bound and %d messages failed in transit, while the store was only %s busy%s: the requests in "
                    + "flight, not the consumer, set the pace%s", delayedShare * 100, errored,
                    percent(c.loadedBusy()), capacity(c), sender.map(Bottleneck::heldBack).orElse("")));
        }
        return new Judged(Stage.NONE, String.format(Locale.ROOT, "no stage saturated: the store was %s busy while "
                + "there was work%s; %s", percent(c.loadedBusy()), capacity(c), pushBack(c, sender)));
    }

    private static Judged withoutStats(boolean senderHeld, double delayedShare, long errored) {
        return senderHeld
                ? new Judged(Stage.UNKNOWN, String.format(Locale.ROOT, "%.1f%% of sends waited for the in-flight "
                + "bound and %d messages failed, and the target has no burstpipe /stats to look inside",
                delayedShare * 100, errored))
                : new Judged(Stage.UNKNOWN, "the sender kept its schedule; the target has no burstpipe /stats to "
                + "look inside");
    }

    private static Optional<Consumer> consumer(List<ConsumerStats> window) {
        if (window.size() < 2) {
            return Optional.empty();
        }
        ConsumerStats from = window.get(0);
        ConsumerStats to = window.get(window.size() - 1);
        double seconds = (to.timeMillis() - from.timeMillis()) / 1000.0;
        if (seconds <= 0) {
            return Optional.empty();
        }
        ConsumerStats.Work a = from.work();
        ConsumerStats.Work b = to.work();
        int writers = Math.max(1, b.writers());
        long taken = b.queueWaitCount() - a.queueWaitCount();
        double busySeconds = (b.storeBusyNanos() - a.storeBusyNanos()) / 1e9;
        long written = to.messages().stored() - from.messages().stored() + to.messages().duplicates()
                - from.messages().duplicates();
        long sampled = b.sampledMicros() - a.sampledMicros();
        long overflowed = to.messages().rejected() - from.messages().rejected() + to.messages().dropped()
                - from.messages().dropped();
        return Optional.of(new Consumer(seconds, writers, taken, taken / seconds, written / seconds,
                Math.min(1.0, busySeconds / (writers * seconds)), loadedBusy(a, b),
                busySeconds > 0 ? OptionalDouble.of(written / busySeconds * writers) : OptionalDouble.empty(),
                sampled > 0 ? OptionalDouble.of((double) (b.depthTime() - a.depthTime()) / sampled)
                        : OptionalDouble.empty(),
                taken == 0 ? 0 : (b.queueWaitNanos() - a.queueWaitNanos()) / 1e6 / taken,
                (b.pushBackNanos() - a.pushBackNanos()) / 1e9 / seconds, overflowed, to.queue().capacity(),
                to.failedWrites() - from.failedWrites()));
    }

    /** The writers' busy share in the depth samples that found work in the pipeline. */
    private static OptionalDouble loadedBusy(ConsumerStats.Work a, ConsumerStats.Work b) {
        long loaded = b.loadedMicros() - a.loadedMicros();
        if (loaded <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, (double) (b.busyWriterMicros() - a.busyWriterMicros())
                / (Math.max(1, b.writers()) * loaded)));
    }

    private static Optional<Little> little(Consumer c) {
        if (c.meanDepth().isEmpty() || c.taken() == 0) {
            return Optional.empty();
        }
        double depth = c.meanDepth().getAsDouble();
        double predicted = c.arrivalRate() * c.meanQueueWaitMs() / 1000.0;
        double ratio = predicted > 0 ? depth / predicted : (depth > 0 ? Double.POSITIVE_INFINITY : 1);
        boolean trivial = depth < LITTLE_TRIVIAL && predicted < LITTLE_TRIVIAL;
        boolean within = Math.abs(depth - predicted) <= LITTLE_TOLERANCE * Math.max(depth, predicted);
        String verdict = trivial ? "holds trivially: the queue was practically always empty"
                : within ? String.format(Locale.ROOT, "holds (within %.0f%%)", Math.abs(ratio - 1) * 100)
                : String.format(Locale.ROOT, "does not hold: off by %.0f%%; the depth is sampled every 10 ms, so "
                        + "queue episodes much shorter than that are missed", Math.abs(ratio - 1) * 100);
        return Optional.of(new Little(depth, c.arrivalRate(), c.meanQueueWaitMs(), predicted, ratio,
                trivial || within, verdict));
    }

    private static String pushBack(Consumer c, Optional<Sender> sender) {
        String held = String.format(Locale.ROOT, "on average %.1f messages waited for room before the queue "
                + "(push-back)", c.meanHeldBack());
        return sender.isEmpty() ? held : held + String.format(Locale.ROOT, ", %.1f%% of sends waited for the "
                + "in-flight bound", sender.get().delayedShare() * 100) + heldBack(sender.get());
    }

    private static String heldBack(Sender s) {
        return s.heldBack().isPresent() ? String.format(Locale.ROOT, ", senders held back %.0f%% of the time",
                s.heldBack().getAsDouble() * 100) : "";
    }

    private static String capacity(Consumer c) {
        return c.capacity().isPresent()
                ? String.format(Locale.ROOT, " (they manage about %.0f msgs/s; %.0f msgs/s were stored)",
                c.capacity().getAsDouble(), c.storedRate())
                : " (the writers were never busy: capacity not measured)";
    }

    private static String percent(OptionalDouble share) {
        return share.isPresent() ? String.format(Locale.ROOT, "%.0f%%", share.getAsDouble() * 100) : "never";
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "(not sampled)";
    }
}
