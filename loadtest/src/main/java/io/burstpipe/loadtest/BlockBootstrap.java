package io.burstpipe.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * How much a run's percentiles could have come out differently: a block bootstrap over the run's seconds. Answers
 * within one second are not independent (a burst or a stall moves them together), so resampling single answers would
 * give intervals far too narrow; instead each replicate draws as many seconds as the run measured, with replacement,
 * from its per-second latency histograms, adds them, and reads the percentiles off the sum.
 *
 * <p>Two runs of one seeded schedule are resampled <em>paired</em>: both draw the same seconds of the schedule (the
 * same random draws over the same number of seconds), so a replicate compares the same mix of bursts and lulls, and
 * only how the two runs answered the same load varies. The histograms are kept as sparse (bucket, count) lists over
 * the buckets the run used, so a replicate costs one pass over the recorded buckets.
 */
final class BlockBootstrap {

    /** The distinct recorded values (microseconds, each bucket's highest equivalent value), ascending. */
    private final long[] values;
    /** For each second: the indexes into {@link #values} of its buckets, and their counts. */
    private final int[][] buckets;
    private final long[][] counts;

    /** @param seconds the run's measured seconds in order, empty ones included (they keep the seconds aligned) */
    BlockBootstrap(List<Histogram> seconds) {
        TreeSet<Long> distinct = new TreeSet<>();
        for (Histogram h : seconds) {
            for (HistogramIterationValue v : h.recordedValues()) {
                distinct.add(h.highestEquivalentValue(v.getValueIteratedTo()));
            }
        }
        values = distinct.stream().mapToLong(Long::longValue).toArray();
        buckets = new int[seconds.size()][];
        counts = new long[seconds.size()][];
        for (int s = 0; s < seconds.size(); s++) {
            Histogram h = seconds.get(s);
            List<long[]> pairs = new ArrayList<>();
            for (HistogramIterationValue v : h.recordedValues()) {
                pairs.add(new long[] {Arrays.binarySearch(values, h.highestEquivalentValue(v.getValueIteratedTo())),
                        v.getCountAtValueIteratedTo()});
            }
            buckets[s] = pairs.stream().mapToInt(p -> (int) p[0]).toArray();
            counts[s] = pairs.stream().mapToLong(p -> p[1]).toArray();
        }
    }

    /** How many seconds there are to draw from. */
    int seconds() {
        return buckets.length;
    }

    /** How many of them hold answers. */
    int answered() {
        return (int) Arrays.stream(counts).filter(c -> c.length > 0).count();
    }

    /**
     * {@code replicates} resampled runs' values at {@code percentiles}, in milliseconds: {@code [replicate][p]}.
     * Percentiles are read as HdrHistogram reads them (the value at which the count reaches that share of the total).
     *
     * Percentiles of a replicate that drew no answers are NaN.
     *
     * @param percentiles ascending, each in (0, 100]
     * @param seconds     how many of the first seconds to draw from (and how many to draw), at most {@link #seconds()}
     * @param random      the draws; two runs given equal ones over the same {@code seconds} are resampled paired
     */
    double[][] replicate(double[] percentiles, int replicates, int seconds, SplittableRandom random) {
        int n = seconds;
        if (values.length == 0) {
            throw new IllegalStateException("no answers to resample");
        }
        double[][] out = new double[replicates][percentiles.length];
        long[] dense = new long[values.length];
        for (int r = 0; r < replicates; r++) {
            Arrays.fill(dense, 0);
            long total = 0;
            for (int draw = 0; draw < n; draw++) {
                int s = random.nextInt(n);
                int[] idx = buckets[s];
                long[] cnt = counts[s];
                for (int i = 0; i < idx.length; i++) {
                    dense[idx[i]] += cnt[i];
                    total += cnt[i];
                }
            }
            read(dense, total, percentiles, out[r]);
        }
        return out;
    }

    private void read(long[] dense, long total, double[] percentiles, double[] into) {
        if (total == 0) {
            Arrays.fill(into, Double.NaN);
            return;
        }
        int p = 0;
        long seen = 0;
        for (int i = 0; i < dense.length && p < percentiles.length; i++) {
            seen += dense[i];
            while (p < percentiles.length && seen >= atLeast(percentiles[p], total)) {
                into[p++] = values[i] / 1000.0;
            }
        }
        while (p < percentiles.length) {
            into[p++] = values[values.length - 1] / 1000.0;
        }
    }

    /** The count HdrHistogram's {@code getValueAtPercentile} waits for. */
    private static long atLeast(double percentile, long total) {
        return Math.max(1, (long) Math.ceil(Math.nextDown(percentile) / 100.0 * total));
    }
}
