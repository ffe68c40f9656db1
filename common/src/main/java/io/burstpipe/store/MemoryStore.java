package io.burstpipe.store;

import io.burstpipe.message.Message;
import java.util.List;

/** An idempotent store in memory: nothing survives the process. For scenarios and benchmarks. Thread-safe. */
public final class MemoryStore implements MessageStore {

    private final SeqIndex ids = new SeqIndex();

    @Override
    public synchronized int storeBatch(List<Message> batch, boolean[] fresh) {
        int added = 0;
        for (int i = 0; i < batch.size(); i++) {
            fresh[i] = ids.add(batch.get(i));
            if (fresh[i]) {
                added++;
            }
        }
        return added;
    }

    @Override
    public synchronized long count() {
        return ids.size();
    }

    @Override
    public synchronized long countByProducer(String producer) {
        return ids.countByProducer(producer);
    }

    @Override
    public synchronized org.roaringbitmap.longlong.Roaring64NavigableMap seqsOf(String producer) {
        return ids.seqsOf(producer);
    }

    @Override
    public synchronized boolean contains(String id) {
        return ids.contains(id);
    }

    @Override
    public String describe() {
        return "memory (not durable)";
    }

    @Override
    public void close() {
    }
}
