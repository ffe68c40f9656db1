package io.burstpipe.inproc;

import java.util.List;
import java.util.Locale;

/**
 * What an in-process run did, and whether the store holds exactly what was produced.
 *
 * @param produced          messages put on the queue
 * @param stored            messages the writers saved as new
 * @param storedCounted     ids of this run's producers counted in the store after the drain
 * @param duplicates        redeliveries the store skipped
 * @param failedWrites      batch writes that failed and were retried
 * @param unsent            messages in a producer's hand that never reached the queue
 * @param abandoned         messages taken or left in the queue but not stored at the drain deadline
 * @param mismatches        producers whose stored count differs from their produced count
 * @param failures          producers and writers that failed, with their causes
 */
public record RunSummary(long produced, long stored, long storedCounted, long duplicates, long failedWrites,
                         long unsent, long abandoned, int highWaterMark, int capacity, long producerBlockedMillis,
                         long storeP50Micros, long storeP99Micros, long storeMaxMicros,
                         long endToEndP50Micros, long endToEndP99Micros, long elapsedMillis,
                         long drainMillis, List<String> mismatches, List<String> failures) {

    /** Nothing lost: every produced id is in the store, per producer, and nothing was given up on. */
    public boolean ok() {
        return produced == storedCounted && mismatches.isEmpty() && unsent == 0 && abandoned == 0
                && failures.isEmpty();
    }

    public String checkLine() {
        if (ok()) {
            return String.format(Locale.ROOT, "check: produced %d == stored %d (ids counted in the store): OK",
                    produced, storedCounted);
        }
        return String.format(Locale.ROOT,
                "check: produced %d != stored %d (ids counted in the store): FAILED; unsent %d, abandoned %d%s",
                produced, storedCounted, unsent, abandoned,
                mismatches.isEmpty() ? "" : "; per producer: " + String.join(", ", mismatches))
                + (failures.isEmpty() ? "" : "; " + String.join("; ", failures));
    }

    public List<String> lines() {
        double seconds = Math.max(1, elapsedMillis) / 1000.0;
        return List.of(
                String.format(Locale.ROOT, "summary: produced %d, stored %d in %.1f s (%.0f msgs/s); "
                        + "duplicates skipped %d; failed writes retried %d", produced, stored, seconds,
                        stored / seconds, duplicates, failedWrites),
                String.format(Locale.ROOT, "summary: queue high-water %d/%d; producers blocked %d ms; "
                        + "drain took %d ms", highWaterMark, capacity, producerBlockedMillis, drainMillis),
                String.format(Locale.ROOT, "summary: store write p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "end-to-end p50 %.1f ms, p99 %.1f ms", storeP50Micros / 1e3, storeP99Micros / 1e3,
                        storeMaxMicros / 1e3, endToEndP50Micros / 1e3, endToEndP99Micros / 1e3),
                checkLine());
    }
}
