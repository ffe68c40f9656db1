package io.burstpipe.bench;

import io.burstpipe.message.Message;
import io.burstpipe.store.EmbeddedStore;
import io.burstpipe.store.SeqIndex;
import io.burstpipe.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The memory and the cost of the stores' id index, measured in one run: the index as a set of id strings (what the
 * stores kept before) against {@link SeqIndex}, each filled with the same {@code ids} messages of one producer, live
 * heap after a full GC at three checkpoints; {@link SeqIndex} again with 1% of the sequence numbers missing (dropped
 * messages leave holes); and the embedded store itself storing the same ids in batches of 1000, its live heap at the
 * same checkpoints. The dedupe cost per message is the time of a fill minus the time of making the messages alone.
 */
public final class IndexBenchmark {

    private static final int BATCH = 1000;

    private final long ids;
    private final long[] checkpoints;
    private final PrintStream out;

    /** @param ids ids to store, at least 10 000; checkpoints at a tenth, a half and all of them */
    public IndexBenchmark(long ids, PrintStream out) {
        this.ids = ids;
        this.checkpoints = new long[] {ids / 10, ids / 2, ids};
        this.out = out;
    }

    public void run(boolean withStore) throws Exception {
        out.printf(Locale.ROOT, "id index benchmark: %,d ids of one producer; live heap after a full GC, above the "
                + "heap before the fill%n", ids);
        out.printf(Locale.ROOT, "%-34s %14s %14s %14s %16s%n", "variant", at(0), at(1), at(2), "dedupe ns/msg");
        double making = fill("messages only (no index)", m -> { }, false, 1.0).nanosPerMessage();
        fillStrings().ifMaking(making); // the set is garbage once this returns
        SeqIndex seqs = new SeqIndex();
        fill("SeqIndex", seqs::add, true, 1.0).ifMaking(making);
        out.printf(Locale.ROOT, "%-34s %,14d bytes of bitmaps for %,d ids%n", "", seqs.bitmapBytes(), seqs.size());
        SeqIndex holes = new SeqIndex();
        fill("SeqIndex, 1% of seqs missing", holes::add, true, 0.99).ifMaking(making);
        out.printf(Locale.ROOT, "%-34s %,14d bytes of bitmaps for %,d ids%n", "", holes.bitmapBytes(), holes.size());
        if (withStore) {
            store();
        }
    }

    private Timing fillStrings() {
        Set<String> strings = new HashSet<>();
        return fill("set of id strings (before)", m -> strings.add(m.id()), true, 1.0);
    }

    private String at(int i) {
        return String.format(Locale.ROOT, "at %,d", checkpoints[i]);
    }

    /** A fill's time per message, to subtract the making of the messages from. */
    private record Timing(double nanosPerMessage, PrintStream out) {
        void ifMaking(double making) {
            out.printf(Locale.ROOT, "%16.1f%n", nanosPerMessage - making);
        }
    }

    private Timing fill(String name, Consumer<Message> index, boolean heap, double keep) {
        SplittableRandom random = new SplittableRandom(7);
        long before = liveHeap();
        List<String> heaps = new ArrayList<>();
        long start = System.nanoTime();
        long measured = 0;
        int next = 0;
        for (long seq = 0; seq < ids; seq++) {
            if (keep >= 1.0 || random.nextDouble() < keep) {
                index.accept(Message.of("bench", seq, 1, 0));
            }
            if (seq + 1 == checkpoints[next]) {
                measured += System.nanoTime() - start;
                heaps.add(heap ? mib(liveHeap() - before) : "-");
                next = Math.min(next + 1, checkpoints.length - 1);
                start = System.nanoTime();
            }
        }
        double perMessage = (double) measured / ids;
        out.printf(Locale.ROOT, "%-34s %14s %14s %14s", name, heaps.get(0), heaps.get(1), heaps.get(2));
        if (!heap) {
            out.printf(Locale.ROOT, "%16s%n", String.format(Locale.ROOT, "(%.1f to make)", perMessage));
        }
        return new Timing(perMessage, out);
    }

    private void store() throws IOException, StoreException {
        Path dir = Files.createTempDirectory("burstpipe-index-bench");
        long before = liveHeap();
        List<String> heaps = new ArrayList<>();
        long start = System.nanoTime();
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            List<Message> batch = new ArrayList<>(BATCH);
            boolean[] fresh = new boolean[BATCH];
            int next = 0;
            for (long seq = 0; seq < ids; seq++) {
                batch.add(Message.of("bench", seq, 1 + (int) (seq % 100), 0));
                if (batch.size() == BATCH || seq + 1 == ids) {
                    store.storeBatch(batch, fresh);
                    batch.clear();
                }
                if (seq + 1 == checkpoints[next]) {
                    heaps.add(mib(liveHeap() - before));
                    next = Math.min(next + 1, checkpoints.length - 1);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "%-34s %14s %14s %14s%n", "EmbeddedStore, batches of " + BATCH, heaps.get(0),
                    heaps.get(1), heaps.get(2));
            out.printf(Locale.ROOT, "%-34s %,d ids stored in %.1f s (%,.0f msgs/s, log forced per batch); "
                    + "count() = %,d%n", "", ids, seconds, ids / seconds, store.count());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", Math.max(0, bytes) / 1048576.0);
    }

    /** Heap in use after a full collection: what is live. */
    private static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
