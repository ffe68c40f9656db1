package io.burstpipe.consumer.kafka;

import java.util.ArrayDeque;

/**
 * The offsets of one partition between "received" and "safe to commit". Records arrive in offset order
 * and settle (stored, or skipped as undecodable) in any order; the committable offset is one past the
 * longest settled prefix, so a commit never passes a record that is not yet durable.
 *
 * <p>Not thread-safe: used on the Kafka consumer's event loop only.
 */
final class PartitionOffsets {

    private final ArrayDeque<long[]> pending = new ArrayDeque<>(); // {offset, settled 0/1}
    private long committable = -1;
    private long committed = -1;

    void track(long offset) {
        pending.addLast(new long[] {offset, 0});
    }

    void settle(long offset) {
        for (long[] entry : pending) {
            if (entry[0] == offset) {
                entry[1] = 1;
                break;
            }
        }
        while (!pending.isEmpty() && pending.peekFirst()[1] == 1) {
            committable = pending.pollFirst()[0] + 1;
        }
    }

    /** The next offset to commit if it moved since the last commit, else -1. */
    long toCommit() {
        return committable > committed ? committable : -1;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    long lastCommitted() {
        return committed;
    }
}
