package io.burstpipe.consumer.kafka;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What Kafka intake counts and knows, for /stats, /metrics and the dashboard. Thread-safe; read from any thread. */
public final class KafkaIntakeStats {

    public final LongAdder undecodable = new LongAdder();
    /** Undecodable records the dead-letter topic has taken. */
    public final LongAdder deadLettered = new LongAdder();
    /** Dead-letter sends that failed for good: their partition does not commit past them. */
    public final LongAdder deadLetterFailures = new LongAdder();
    public final LongAdder pauses = new LongAdder();
    public final LongAdder resumes = new LongAdder();
    public final LongAdder commits = new LongAdder();
    private volatile boolean paused;
    private volatile long lag;
    private volatile Map<Integer, Long> partitionLag = Map.of();

    public boolean isPaused() {
        return paused;
    }

    /** Total lag of the assigned partitions: end offset minus committed offset, refreshed each second. */
    public long lag() {
        return lag;
    }

    /** Lag per assigned partition (end offset minus committed offset), refreshed each second. */
    public Map<Integer, Long> partitionLag() {
        return partitionLag;
    }

    void paused(boolean now) {
        paused = now;
    }

    void lag(long total, Map<Integer, Long> each) {
        partitionLag = Map.copyOf(each);
        lag = total;
    }
}
