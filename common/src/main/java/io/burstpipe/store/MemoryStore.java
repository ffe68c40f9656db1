package io.burstpipe.store;

import io.burstpipe.message.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** An idempotent store in memory: nothing survives the process. For scenarios and benchmarks. */
public final class MemoryStore implements MessageStore {

    private final Map<String, Boolean> ids = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perProducer = new ConcurrentHashMap<>();

    @Override
    public int storeBatch(List<Message> batch, boolean[] fresh) {
        int added = 0;
        for (int i = 0; i < batch.size(); i++) {
            Message message = batch.get(i);
            fresh[i] = ids.putIfAbsent(message.id(), Boolean.TRUE) == null;
            if (fresh[i]) {
                perProducer.computeIfAbsent(message.producer(), p -> new LongAdder()).increment();
                added++;
            }
        }
        return added;
    }

    @Override
    public long count() {
        return ids.size();
    }

    @Override
    public long countByProducer(String producer) {
        LongAdder count = perProducer.get(producer);
        return count == null ? 0 : count.sum();
    }

    @Override
    public boolean contains(String id) {
        return ids.containsKey(id);
    }

    @Override
    public String describe() {
        return "memory (not durable)";
    }

    @Override
    public void close() {
    }
}
