package io.burstpipe.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Two load-test results, BASE and NEW, set side by side, with a verdict on whether NEW is worse.
 *
 * <p>Latency: for each tested percentile, the change from BASE to NEW is read off the runs' stored histograms (exact),
 * and its 95% confidence interval comes from a {@link BlockBootstrap} of each run's measured seconds (replicate i of
 * NEW over replicate i of BASE; paired, the same seconds of the schedule drawn in both, when the runs are of one load).
 * A percentile is <em>worse</em> when the interval lies wholly beyond the allowed regression (even its low end
 * rose by more than allowed), <em>better</em> when the mirror holds, <em>inconclusive</em> when the change is beyond
 * the allowed one but its interval still reaches within it (it does not make NEW worse, and is said), and <em>no
 * difference</em> otherwise. The interval only knows the variation within each run, not what moves a whole run
 * (another process's load, a warmer JIT), so a rise whose interval reaches back inside the allowance is not taken
 * as shown. Delivery is counted, not tested: NEW is worse if it lost acknowledged messages BASE did not, if its
 * share of messages not delivered (dropped, refused, unanswered) rose by more than 0.1 percentage point, or if its
 * achieved rate fell by more than the allowed regression. The bootstrap's random draws are seeded, so the same two
 * results always get the same verdict.
 */
final class Comparison {

    /** The percentiles tested; which of them decide the verdict is the caller's choice. */
    static final double[] TESTED = {50, 90, 99, 99.9};
    /**
     * Fewer measured seconds with answers than this, and a run's variability cannot be told from one second. (The
     * seconds after warm-up are resampled: the measured ones and those answering the last messages, as the stored
     * histogram holds them.)
     */
    static final int MIN_SECONDS = 5;
    /** What makes two runs the same load. */
    static final List<String> SAME_LOAD = List.of("profileSettings", "seed", "durationSeconds", "messagesLimit",
            "warmupSeconds", "segment");
    /** How the load was sent and where, and by which version: worth saying when it differs. */
    static final List<String> SAME_SETUP = List.of("target", "transport", "batchSize", "maxInflight", "linger",
            "version");
    /** The rise in the share of messages not delivered that counts as worse. */
    static final double UNDELIVERED_SLACK = 0.001;

    enum Verdict {
        WORSE("worse"), BETTER("better"), SAME("no difference"),
        /** A change beyond the allowed one whose interval still reaches within it. */
        UNCLEAR("inconclusive");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** One percentile: the two runs' values (ms), the relative change, its interval, and the verdict with why. */
    record Quantile(double percentile, double base, double now, double change, double low, double high,
                    Verdict verdict, String reason, boolean gated) {

        String name() {
            return Report.key(percentile);
        }
    }

    /** One delivery figure of the two runs, and whether NEW is worse on it. */
    record Delivery(String name, double base, double now, boolean worse, String reason) {
    }

    /** A setting the runs differ in; {@code load} if it makes them different loads, not just different setups. */
    record Difference(String field, String base, String now, boolean load) {
    }

    record Result(SegmentResult base, SegmentResult now, List<Quantile> quantiles, List<Delivery> delivery,
                  List<Difference> differences, double maxRegression, int resamples, boolean paired) {

        boolean worse() {
            return quantiles.stream().anyMatch(q -> q.gated() && q.verdict() == Verdict.WORSE)
                    || delivery.stream().anyMatch(Delivery::worse);
        }

        /** The deciding percentiles that rose beyond the allowance by a change the runs' own variation allows. */
        List<String> unclear() {
            return quantiles.stream().filter(q -> q.gated() && q.verdict() == Verdict.UNCLEAR && q.change() > 0)
                    .map(Quantile::reason).toList();
        }

        /** Why NEW is worse, one phrase each; empty when it is not. */
        List<String> reasons() {
            List<String> out = new ArrayList<>();
            quantiles.stream().filter(q -> q.gated() && q.verdict() == Verdict.WORSE).forEach(q -> out.add(q.reason()));
            delivery.stream().filter(Delivery::worse).forEach(d -> out.add(d.reason()));
            return out;
        }

        boolean sameLoad() {
            return differences.stream().noneMatch(Difference::load);
        }
    }

    private Comparison() {
    }

    /**
     * @param maxRegression the relative change allowed (0.1 = 10%)
     * @param gate          the percentiles whose verdict decides (a subset of {@link #TESTED})
     * @throws IllegalArgumentException if a run cannot be compared (too few measured seconds), saying which
     */
    static Result of(SegmentResult base, SegmentResult now, double maxRegression, List<Double> gate, int resamples) {
        BlockBootstrap b = bootstrap("BASE", base);
        BlockBootstrap n = bootstrap("NEW", now);
        List<Difference> differences = differences(base, now);
        boolean paired = differences.stream().noneMatch(Difference::load);
        int common = Math.min(b.seconds(), n.seconds());
        double[][] baseReplicates = b.replicate(TESTED, resamples, paired ? common : b.seconds(),
                new SplittableRandom(1));
        double[][] newReplicates = n.replicate(TESTED, resamples, paired ? common : n.seconds(),
                new SplittableRandom(paired ? 1 : 2));
        Histogram baseLatency = base.histogram("corrected");
        Histogram newLatency = now.histogram("corrected");
        List<Quantile> quantiles = new ArrayList<>();
        for (int p = 0; p < TESTED.length; p++) {
            double[] change = changes(baseReplicates, newReplicates, p);
            double low = change[(int) Math.floor(0.025 * (change.length - 1))];
            double high = change[(int) Math.ceil(0.975 * (change.length - 1))];
            quantiles.add(judge(TESTED[p], baseLatency.getValueAtPercentile(TESTED[p]) / 1000.0,
                    newLatency.getValueAtPercentile(TESTED[p]) / 1000.0, low, high, maxRegression,
                    gate.contains(TESTED[p])));
        }
        return new Result(base, now, quantiles, delivery(base, now, maxRegression), differences, maxRegression,
                resamples, paired);
    }

    /** Replicate by replicate, NEW's percentile {@code p} relative to BASE's, sorted; replicates without answers out. */
    private static double[] changes(double[][] base, double[][] now, int p) {
        double[] change = new double[base.length];
        int k = 0;
        for (int r = 0; r < base.length; r++) {
            if (!Double.isNaN(base[r][p]) && !Double.isNaN(now[r][p])) {
                change[k++] = relative(base[r][p], now[r][p]);
            }
        }
        change = Arrays.copyOf(change, k);
        Arrays.sort(change);
        return change;
    }

    private static BlockBootstrap bootstrap(String which, SegmentResult run) {
        List<Histogram> seconds = run.intervals().stream().filter(i -> !"warmup".equals(i.tag()))
                .map(SegmentResult.Interval::latency).toList();
        BlockBootstrap b = new BlockBootstrap(seconds);
        if (b.answered() < MIN_SECONDS) {
            throw new IllegalArgumentException(which + " " + run.source() + " has " + b.answered() + " measured "
                    + "second" + (b.answered() == 1 ? "" : "s") + " with answers; comparing needs at least "
                    + MIN_SECONDS + " to tell a change from a run's own variation: run longer (--duration)");
        }
        return b;
    }

    private static double relative(double base, double now) {
        return now / Math.max(base, 0.001) - 1;
    }

    static Quantile judge(double percentile, double base, double now, double low, double high, double max,
                          boolean gated) {
        double change = relative(base, now);
        String name = Report.key(percentile);
        String figures = String.format(java.util.Locale.ROOT, "%s %+.1f%% (95%% CI %+.1f%% .. %+.1f%%)", name,
                100 * change, 100 * low, 100 * high);
        if (low > max && change > max) {
            return new Quantile(percentile, base, now, change, low, high, Verdict.WORSE,
                    figures + ", beyond the allowed " + percent(max), gated);
        }
        if (high < -max && change < -max) {
            return new Quantile(percentile, base, now, change, low, high, Verdict.BETTER, figures, gated);
        }
        if (Math.abs(change) > max) {
            return new Quantile(percentile, base, now, change, low, high, Verdict.UNCLEAR, figures + " is "
                    + "inconclusive: beyond the allowed " + percent(max) + ", but the interval reaches back within it, "
                    + "as the runs' own variation allows; longer runs (more seconds to resample) can settle it", gated);
        }
        String why = low > 0 || high < 0 ? "significant, but within " + percent(max) : "within the runs' own "
                + "variation";
        return new Quantile(percentile, base, now, change, low, high, Verdict.SAME, figures + ": " + why, gated);
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.4g%%", 100 * fraction).replaceAll("\\.?0+%$", "%");
    }

    private static List<Delivery> delivery(SegmentResult base, SegmentResult now, double max) {
        JsonObject b = base.totals();
        JsonObject n = now.totals();
        List<Delivery> out = new ArrayList<>();
        long missingBase = ackedNotStored(b);
        long missingNew = ackedNotStored(n);
        out.add(new Delivery("acknowledged but not stored", missingBase, missingNew, missingNew > missingBase,
                "NEW lost " + missingNew + " acknowledged message" + (missingNew == 1 ? "" : "s") + " (BASE "
                        + missingBase + ")"));
        double ub = undelivered(b);
        double un = undelivered(n);
        out.add(new Delivery("not delivered (dropped, refused, unanswered) %", 100 * ub, 100 * un,
                un - ub > UNDELIVERED_SLACK, String.format(java.util.Locale.ROOT, "NEW did not deliver %.2f%% of its "
                        + "messages (BASE %.2f%%)", 100 * un, 100 * ub)));
        double rb = b.getDouble("ratePerSec", 0.0);
        double rn = n.getDouble("ratePerSec", 0.0);
        double change = relative(rb, rn);
        out.add(new Delivery("rate msgs/s", rb, rn, change < -max, String.format(java.util.Locale.ROOT,
                "NEW sent %.1f msgs/s, %+.1f%% of BASE's %.1f, beyond the allowed %s", rn, 100 * change, rb,
                percent(max))));
        return out;
    }

    /** Acknowledged messages the consumer's stored count falls short of; 0 when the stored count is unknown. */
    private static long ackedNotStored(JsonObject totals) {
        long stored = totals.getLong("stored", -1L);
        return stored < 0 ? 0 : Math.max(0, totals.getLong("acked", 0L) - stored);
    }

    /** The share of messages sent that were not acknowledged (dropped, refused or never answered). */
    private static double undelivered(JsonObject totals) {
        long sent = totals.getLong("sent", 0L);
        return sent == 0 ? 0 : (double) Math.max(0, sent - totals.getLong("acked", 0L)) / sent;
    }

    private static List<Difference> differences(SegmentResult base, SegmentResult now) {
        List<Difference> out = new ArrayList<>();
        for (String key : SAME_LOAD) {
            difference(base, now, key, true).ifPresent(out::add);
        }
        for (String key : SAME_SETUP) {
            difference(base, now, key, false).ifPresent(out::add);
        }
        return out;
    }

    private static java.util.Optional<Difference> difference(SegmentResult base, SegmentResult now, String key,
                                                            boolean load) {
        Object b = base.doc().getValue(key);
        Object n = now.doc().getValue(key);
        return Objects.equals(b, n) ? java.util.Optional.empty()
                : java.util.Optional.of(new Difference(key, String.valueOf(b), String.valueOf(n), load));
    }
}
