package io.burstpipe.scenarios.jvm;

import io.burstpipe.scenarios.Outcome;
import io.burstpipe.scenarios.Scenario;
import io.burstpipe.scenarios.ScenarioLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * CPU-bound work split over threads. Under CPython's GIL such threads take turns and do not speed up;
 * JVM threads run on all cores at once. Reports the measured speedup of N threads over one (best of 3).
 */
public final class ParallelCpu implements Scenario {

    static final long WORK_UNITS = 120_000_000L;
    private static final int ROUNDS = 3;

    @Override
    public String name() {
        return "parallel-cpu";
    }

    @Override
    public String shows() {
        return "CPU-bound threads really run in parallel on the JVM (no GIL): measured speedup";
    }

    @Override
    public String observe() {
        return "N threads finish the same work about N times faster than one, on N cores";
    }

    @Override
    public Outcome run(ScenarioLog log) throws InterruptedException, ExecutionException, TimeoutException {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = Math.max(2, cores);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            time(pool, 1, WORK_UNITS / 4); // warm up the JIT
            long oneNanos = Long.MAX_VALUE;
            long manyNanos = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                oneNanos = Math.min(oneNanos, time(pool, 1, WORK_UNITS));
                manyNanos = Math.min(manyNanos, time(pool, threads, WORK_UNITS));
                log.info("Main    : round %d: 1 thread %.0f ms, %d threads %.0f ms", round + 1, oneNanos / 1e6,
                        threads, manyNanos / 1e6);
            }
            double speedup = (double) oneNanos / manyNanos;
            boolean expected = cores < 2 || speedup > 1.2;
            return Outcome.of(expected, "the same CPU-bound work took %.0f ms on 1 thread and %.0f ms on %d threads: "
                    + "speedup %.2fx on %d cores (expected: > 1 with more than one core; CPython's GIL gives ~1x)",
                    oneNanos / 1e6, manyNanos / 1e6, threads, speedup, cores);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code units} of work split over {@code threads} tasks; returns the wall time in nanos. */
    private static long time(ExecutorService pool, int threads, long units)
            throws InterruptedException, ExecutionException, TimeoutException {
        long start = System.nanoTime();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t + 1;
            parts.add(pool.submit(() -> spin(seed, units / threads)));
        }
        long sink = 0;
        for (Future<Long> part : parts) {
            sink += part.get(60, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - start;
        return sink == 42 ? elapsed + 1 : elapsed; // use the result so the JIT cannot drop the work
    }

    /** A xorshift loop: pure CPU, no memory traffic, no allocation. */
    static long spin(long seed, long units) {
        long x = seed;
        for (long i = 0; i < units; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
