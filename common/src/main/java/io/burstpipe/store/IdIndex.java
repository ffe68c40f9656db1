package io.burstpipe.store;

import io.burstpipe.message.Message;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ids an embedded store holds, and how many of them each producer wrote. An id is claimed before its record
 * is appended (so a batch cannot hold it twice) and given back if the append fails; it counts for its producer
 * once the append succeeded. Not thread-safe: the store guards it.
 */
final class IdIndex {

    private final Set<String> ids = new HashSet<>();
    private final Map<String, long[]> perProducer = new HashMap<>();

    /** Adds a replayed record's id; a record replayed twice counts once. */
    void replayed(Message message) {
        if (claim(message)) {
            counted(message);
        }
    }

    /** True if the id was new and is now held. */
    boolean claim(Message message) {
        return ids.add(message.id());
    }

    /** Gives back a claim whose append failed. */
    void unclaim(Message message) {
        ids.remove(message.id());
    }

    /** A claimed message's append succeeded. */
    void counted(Message message) {
        perProducer.computeIfAbsent(message.producer(), p -> new long[1])[0]++;
    }

    boolean contains(String id) {
        return ids.contains(id);
    }

    long size() {
        return ids.size();
    }

    long countByProducer(String producer) {
        long[] count = perProducer.get(producer);
        return count == null ? 0 : count[0];
    }
}
