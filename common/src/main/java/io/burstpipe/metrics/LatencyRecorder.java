package io.burstpipe.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies in microseconds into HdrHistogram: a per-interval view for live status lines and a
 * running total for the summary.
 *
 * <p>{@link #recordNanos} is wait-free and may be called from any number of threads. The reading
 * methods ({@link #takeInterval}, {@link #total}) must be called from one reader thread at a time.
 * {@link #alsoRecordTo} sends every value on as well, e.g. to a Micrometer timer.
 */
public final class LatencyRecorder {

    /** Highest value tracked precisely: one hour, in microseconds. Longer values are clamped. */
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private Histogram recycled;
    /** Values {@link #total} took from the recorder that the next {@link #takeInterval} still owes. */
    private final Histogram sinceInterval = new Histogram(MAX_MICROS, 3);
    private volatile LongConsumer alsoMicros = micros -> { };

    /** Every value recorded from now on, in microseconds (0 or more), also goes to {@code micros}. */
    public void alsoRecordTo(LongConsumer micros) {
        this.alsoMicros = micros;
    }

    public void recordNanos(long nanos) {
        recordMicros(TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    /** {@code count} values of {@code nanos} at once (nothing for a count of 0). */
    public void recordNanos(long nanos, long count) {
        if (count <= 0) {
            return;
        }
        long bounded = Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), MAX_MICROS));
        recorder.recordValueWithCount(bounded, count);
        LongConsumer also = alsoMicros;
        for (long i = 0; i < count; i++) {
            also.accept(bounded);
        }
    }

    public void recordMicros(long micros) {
        long bounded = Math.max(0, Math.min(micros, MAX_MICROS));
        recorder.recordValue(bounded);
        alsoMicros.accept(bounded);
    }

    /**
     * Values recorded since the last call (including those a {@link #total} call in between already counted); also
     * folds them into the running total. Every value is in exactly one interval.
     */
    public synchronized Histogram takeInterval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        total.add(interval);
        recycled = interval;
        Histogram out = interval.copy();
        out.add(sinceInterval);
        sinceInterval.reset();
        return out;
    }

    /** Everything recorded so far; the values since the last interval stay in the next {@link #takeInterval}. */
    public synchronized Histogram total() {
        Histogram pending = recorder.getIntervalHistogram(recycled);
        total.add(pending);
        sinceInterval.add(pending);
        recycled = pending;
        return total.copy();
    }

    /** Microseconds as milliseconds with one decimal, for status lines. */
    public static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1fms", micros / 1000.0);
    }
}
