package io.burstpipe.loadtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The consumers a load test started: the first, which is the target and the consumer looked inside, and for a
 * Kafka target the members the {@code join} faults added to its group (each started like the first, on a free port,
 * with a store and log of its own in {@code member-N/} next to the first's), which {@code leave} faults stop again.
 * The loss check counts the ids of the run's producer over all their stores together, each id once, so a record a
 * rebalance gave to two members is not counted twice and one a member stored before it left is not missed.
 * Thread-safe.
 */
final class ConsumerGroup implements AutoCloseable {

    private final ConsumerProcess first;
    private final List<ConsumerProcess> joined = new ArrayList<>();
    /** Every member started over the group's life, the first included, for the count of stored ids. */
    private final List<ConsumerProcess> everyone = new ArrayList<>();

    ConsumerGroup(ConsumerProcess first) {
        this.first = first;
        everyone.add(first);
    }

    ConsumerProcess first() {
        return first;
    }

    /** Starts one more member, ready when this returns (within a minute); says which. */
    String join() throws Exception {
        int n;
        synchronized (this) {
            n = everyone.size() + 1;
        }
        Path dir = first.log().toAbsolutePath().getParent().resolve("member-" + n);
        ConsumerProcess member = ConsumerProcess.start(first.flags(), dir.resolve("store"),
                dir.resolve("consumer.log"));
        synchronized (this) {
            joined.add(member);
            everyone.add(member);
        }
        return String.format(Locale.ROOT, "member %d started: pid %d at %s, store and log in %s", n, member.pid(),
                member.url(), dir);
    }

    /** Stops (SIGTERM: it drains, commits and leaves the group) the member that joined last and still runs. */
    String leave() throws InterruptedException {
        ConsumerProcess member;
        int n;
        synchronized (this) {
            member = null;
            for (int i = joined.size() - 1; i >= 0 && member == null; i--) {
                if (joined.get(i).alive()) {
                    member = joined.get(i);
                }
            }
            if (member == null) {
                throw new IllegalStateException("no member a join fault started is running");
            }
            n = everyone.indexOf(member) + 1;
        }
        return "member " + n + ": " + member.term();
    }

    /** Members running now, the first included. */
    synchronized int running() {
        return (int) everyone.stream().filter(ConsumerProcess::alive).count();
    }

    /**
     * The distinct ids of {@code producer} the members' stores hold together, or empty if a store that has some
     * could not be read (a member on PostgreSQL counts through the first, which shares its table).
     */
    OptionalLong stored(String producer) throws InterruptedException {
        return count(producer).map(c -> OptionalLong.of(c.together())).orElse(OptionalLong.empty());
    }

    /** What the members' stores hold of one producer: together (each id once) and each (-1: counted by the first). */
    record Count(long together, List<Long> each) {

        /** {@code "first 4100, member 2 1900"}. */
        String text() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < each.size(); i++) {
                parts.add((i == 0 ? "first " : "member " + (i + 1) + " ") + (each.get(i) < 0 ? "(in the first's "
                        + "table)" : each.get(i)));
            }
            return String.join(", ", parts);
        }
    }

    /** {@link #stored} with each member's share; empty as there. */
    Optional<Count> count(String producer) throws InterruptedException {
        List<ConsumerProcess> members;
        synchronized (this) {
            members = List.copyOf(everyone);
        }
        Roaring64NavigableMap all = new Roaring64NavigableMap();
        List<Long> each = new ArrayList<>();
        for (ConsumerProcess member : members) {
            Optional<Roaring64NavigableMap> seqs = member.storedSeqs(producer);
            if (seqs.isEmpty()) {
                if (member == first || member.embeddedStore()) {
                    return Optional.empty();
                }
                each.add(-1L);
                continue;
            }
            each.add(seqs.get().getLongCardinality());
            all.or(seqs.get());
        }
        return Optional.of(new Count(all.getLongCardinality(), List.copyOf(each)));
    }

    /** More than the first consumer has been in the group. */
    synchronized boolean grew() {
        return everyone.size() > 1;
    }

    /** Stops the members joins started; their stores still count in {@link #stored}. */
    @Override
    public void close() throws Exception {
        stopJoined();
    }

    /** Stops the members joins started (the first is its starter's to stop); more may join after. */
    void stopJoined() throws Exception {
        List<ConsumerProcess> members;
        synchronized (this) {
            members = List.copyOf(joined);
            joined.clear();
        }
        Exception failed = null;
        for (ConsumerProcess member : members) {
            try {
                member.close();
            } catch (Exception e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
