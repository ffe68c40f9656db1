package io.burstpipe.store;

import io.burstpipe.message.Message;
import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The ids a store holds, as one compressed bitmap of sequence numbers per producer: ids are {@code producer-seq},
 * and a producer's sequence numbers are dense (0, 1, 2, ... with at most a window of them out of order, and holes
 * only where messages were dropped), so a run of stored ids costs a few bytes however long it is, plus at most 8 KiB
 * per producer for the 65,536 sequence numbers it is filling now (compacted into runs every 65,536 additions).
 * Memory grows with the number of producers and of holes, at most a bit per sequence number, not with the number of
 * ids stored: a set of the same ids as strings takes about 100 bytes each. A producer's count is the number of its
 * sequence numbers held.
 *
 * <p>Not thread-safe: the store guards it.
 */
public final class SeqIndex {

    /** Bitmaps are compacted into runs after this many additions to them. */
    private static final int COMPACT_EVERY = 1 << 16;

    private static final class Producer {
        final Roaring64NavigableMap seqs = new Roaring64NavigableMap();
        long count;
        int sinceCompact;
    }

    private final Map<String, Producer> producers = new HashMap<>();
    private long size;
    /** The last producer looked up: batches mostly come from one. */
    private String lastName;
    private Producer last;

    /** Adds the message's id; true if it was new. */
    public boolean add(Message message) {
        Producer p = producer(message.producer(), true);
        long seq = message.seq();
        if (p.seqs.contains(seq)) {
            return false;
        }
        p.seqs.addLong(seq);
        p.count++;
        size++;
        if (++p.sinceCompact >= COMPACT_EVERY) {
            p.seqs.runOptimize();
            p.sinceCompact = 0;
        }
        return true;
    }

    /** Takes back an id added by {@link #add} (its write failed); nothing if it is not held. */
    public void remove(Message message) {
        Producer p = producer(message.producer(), false);
        if (p != null && p.seqs.contains(message.seq())) {
            p.seqs.removeLong(message.seq());
            p.count--;
            size--;
        }
    }

    public boolean contains(Message message) {
        Producer p = producer(message.producer(), false);
        return p != null && p.seqs.contains(message.seq());
    }

    /** Whether {@code id} ({@code producer-seq}) is held; false for a string that is not such an id. */
    public boolean contains(String id) {
        long seq = Message.seqOf(id);
        if (seq < 0) {
            return false;
        }
        Producer p = producer(id.substring(0, id.lastIndexOf('-')), false);
        return p != null && p.seqs.contains(seq);
    }

    /** Ids held, all producers together. */
    public long size() {
        return size;
    }

    public long countByProducer(String producer) {
        Producer p = producer(producer, false);
        return p == null ? 0 : p.count;
    }

    /** A copy of the sequence numbers of {@code producer} held (empty if none). */
    public Roaring64NavigableMap seqsOf(String producer) {
        Roaring64NavigableMap copy = new Roaring64NavigableMap();
        Producer p = producer(producer, false);
        if (p != null) {
            copy.or(p.seqs);
        }
        return copy;
    }

    /** {@code seqs} as text (base64 of the bitmap's own serialized form), for {@link #decode}. */
    public static String encode(Roaring64NavigableMap seqs) {
        seqs.runOptimize();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            seqs.serialize(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** @throws IllegalArgumentException if {@code text} is not what {@link #encode} gives */
    public static Roaring64NavigableMap decode(String text) {
        Roaring64NavigableMap seqs = new Roaring64NavigableMap();
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(text)))) {
            seqs.deserialize(in);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a set of sequence numbers: " + e.getMessage(), e);
        }
        return seqs;
    }

    /** The bitmaps' own estimate of their size, in bytes (the producer names and map entries not counted). */
    public long bitmapBytes() {
        long bytes = 0;
        for (Producer p : producers.values()) {
            bytes += p.seqs.getLongSizeInBytes();
        }
        return bytes;
    }

    private Producer producer(String name, boolean create) {
        if (last != null && name.equals(lastName)) {
            return last;
        }
        Producer p = create ? producers.computeIfAbsent(name, n -> new Producer()) : producers.get(name);
        if (p != null) {
            lastName = name;
            last = p;
        }
        return p;
    }
}
