package io.burstpipe.consumer.intake;

import io.burstpipe.message.Message;
import java.util.List;

/**
 * The offered load as the messages tell it: how many messages taken in were <em>intended</em> to be sent in each
 * second (their {@code createdAt}), for the last {@value #SECONDS} seconds. A second's count keeps growing while its
 * messages still arrive late, held back by push-back; it is final once they all have. Messages refused with a 429
 * are not counted (they come again), nor those intended more than {@value #SECONDS} s ago.
 *
 * <p>Thread-safe; one short lock per batch.
 */
public final class IntendedSeconds {

    public static final int SECONDS = 320;

    private final long[] counts = new long[SECONDS];
    /** The epoch second each slot holds. */
    private final long[] seconds = new long[SECONDS];

    /** Counts a batch taken in. */
    public void add(List<Message> batch) {
        int i = 0;
        while (i < batch.size()) {
            long second = batch.get(i).createdAtMicros() / 1_000_000;
            int j = i + 1;
            while (j < batch.size() && batch.get(j).createdAtMicros() / 1_000_000 == second) {
                j++;
            }
            add(second, j - i);
            i = j;
        }
    }

    synchronized void add(long second, long n) {
        int slot = (int) Math.floorMod(second, (long) SECONDS);
        if (seconds[slot] != second) {
            if (seconds[slot] > second) {
                return; // older than the window
            }
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += n;
    }

    /** The counts of the {@code n} seconds from epoch second {@code from} on (0 for a second not seen). */
    public synchronized long[] counts(long from, int n) {
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            long second = from + k;
            int slot = (int) Math.floorMod(second, (long) SECONDS);
            out[k] = seconds[slot] == second ? counts[slot] : 0;
        }
        return out;
    }
}
