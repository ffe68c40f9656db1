package io.burstpipe.loadtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of one seeded load run against each setting of a consumer knob: the trade-off between latency and
 * delivery, which settings are on its Pareto front, and the one a stated goal picks.
 *
 * <p>The front is over two things a user trades: p99 latency from the intended send time, and the messages not
 * delivered (dropped, refused or never answered); for a consumer reading Kafka, whose sends are answered by the
 * broker whatever the consumer does, the time its group took to drain after the last send and how often it paused
 * its partitions. A setting is on it when no other setting is at least as good on both and better on one.
 */
final class Sweep {

    /** What the user wants of the consumer under this load. */
    enum Goal {
        NO_LOSS("no-loss", "nothing undelivered, then the lowest p99"),
        LOWEST_P99("lowest-p99", "the lowest p99, whatever is not delivered"),
        MOST_DELIVERED("most-delivered", "the most messages delivered, then the lowest p99"),
        FASTEST_DRAIN("fastest-drain", "the group's lag back to 0 soonest after the last send, then the fewest "
                + "pauses");

        final String cliName;
        final String text;

        Goal(String cliName, String text) {
            this.cliName = cliName;
            this.text = text;
        }

        /** @throws IllegalArgumentException naming the goals there are */
        static Goal parse(String text) {
            for (Goal g : values()) {
                if (g.cliName.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return g;
                }
            }
            throw new IllegalArgumentException("--sweep-goal must be no-loss, lowest-p99, most-delivered or "
                    + "fastest-drain (was '" + text + "')");
        }
    }

    /**
     * One setting's figures.
     *
     * @param undelivered messages sent and not acknowledged: dropped + refused + unanswered
     * @param notStored   acknowledged messages the consumer's store count falls short of (0 if unknown)
     * @param held        messages whose send waited for a free request slot (the senders held back)
     * @param pauses      how often a consumer reading Kafka paused its partitions while measured; -1 otherwise
     */
    record Setting(String value, double p99Ms, double maxMs, double goodputPerSec, long sent, long dropped,
                   long refused, long undelivered, long notStored, long held, double sendDelayP99Ms,
                   long drainMillis, long pauses, boolean passed) {

        double undeliveredShare() {
            return sent == 0 ? 0 : (double) undelivered / sent;
        }

        /** At least as good as {@code other} on both of the front's figures, and better on one of them. */
        boolean dominates(Setting other, boolean kafka) {
            if (kafka) {
                return drainMillis >= 0 && (other.drainMillis < 0 || drainMillis <= other.drainMillis)
                        && pauses <= other.pauses && (other.drainMillis < 0 || drainMillis < other.drainMillis
                        || pauses < other.pauses);
            }
            return p99Ms <= other.p99Ms && undelivered <= other.undelivered
                    && (p99Ms < other.p99Ms || undelivered < other.undelivered);
        }
    }

    /** The pick and why; empty pick when no setting meets the goal. */
    record Recommendation(Optional<Setting> pick, String line) {
    }

    private final String knob;
    private final List<Setting> settings;

    Sweep(String knob, List<Setting> settings) {
        this.knob = knob;
        this.settings = List.copyOf(settings);
    }

    String knob() {
        return knob;
    }

    List<Setting> settings() {
        return settings;
    }

    boolean onFront(Setting s) {
        return settings.stream().noneMatch(o -> o != s && o.dominates(s, kafka()));
    }

    /** Every setting read a Kafka consumer's pauses: the front is over drain time and pauses. */
    boolean kafka() {
        return !settings.isEmpty() && settings.stream().allMatch(s -> s.pauses() >= 0);
    }

    /** What the front is over, as the table's footnote says it. */
    String frontText() {
        return kafka() ? "drain time and Kafka pauses" : "p99 and messages not delivered";
    }

    Recommendation recommend(Goal goal) {
        Comparator<Setting> byP99 = Comparator.comparingDouble(Setting::p99Ms);
        List<Setting> candidates = new ArrayList<>(settings.stream().filter(Setting::passed)
                .filter(s -> s.notStored() == 0).toList());
        if (candidates.isEmpty()) {
            return new Recommendation(Optional.empty(), "no setting passed its thresholds with every acknowledged "
                    + "message stored: none to recommend");
        }
        Optional<Setting> pick = switch (goal) {
            case NO_LOSS -> candidates.stream().filter(s -> s.undelivered() == 0).min(byP99);
            case LOWEST_P99 -> candidates.stream().min(byP99.thenComparingLong(Setting::undelivered));
            case MOST_DELIVERED -> candidates.stream().min(Comparator.comparingLong(Setting::undelivered)
                    .thenComparing(byP99));
            case FASTEST_DRAIN -> candidates.stream().filter(s -> s.drainMillis() >= 0).min(Comparator
                    .comparingLong(Setting::drainMillis).thenComparingLong(Setting::pauses));
        };
        if (pick.isEmpty() && goal == Goal.FASTEST_DRAIN) {
            return new Recommendation(Optional.empty(), "no setting drained within --drain-timeout: none to "
                    + "recommend");
        }
        if (pick.isEmpty()) {
            Setting least = candidates.stream().min(Comparator.comparingLong(Setting::undelivered).thenComparing(byP99))
                    .orElseThrow();
            return new Recommendation(Optional.empty(), String.format(Locale.ROOT, "no setting delivered every "
                    + "message; the fewest undelivered: %s=%s (%d, p99 %.2f ms)", knob, least.value(),
                    least.undelivered(), least.p99Ms()));
        }
        Setting s = pick.get();
        String pauses = s.pauses() < 0 ? "" : String.format(Locale.ROOT, ", drained in %d ms, %d pauses",
                s.drainMillis(), s.pauses());
        return new Recommendation(pick, String.format(Locale.ROOT, "for %s: %s=%s (p99 %.2f ms, %d of %d not "
                + "delivered%s%s)", goal.text, knob, s.value(), s.p99Ms(), s.undelivered(), s.sent(), pauses,
                onFront(s) ? ", on the front" : ""));
    }
}
