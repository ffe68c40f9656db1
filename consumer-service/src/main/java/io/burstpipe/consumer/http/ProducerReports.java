package io.burstpipe.consumer.http;

import io.burstpipe.api.Bottleneck;
import io.burstpipe.api.ProducerReport;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The producers' own figures, from their reports: the load they offered, what they sent, how long they were held
 * back. Keeps each producer's last two reports (for its rates now) and running totals of what every producer added
 * between reports (for any span: producers that come, restart or go do not upset the sums). A producer silent for
 * {@value #STALE_MILLIS} ms no longer counts; at most {@value #MAX_PRODUCERS} are kept.
 *
 * <p>Confined to the consumer verticle's event loop: reports and ticks both run there.
 */
final class ProducerReports {

    static final int MAX_PRODUCERS = 256;
    static final long STALE_MILLIS = 10_000;

    /** Sums over every producer of what changed between its reports; {@code reportedNanos} is the time covered. */
    record Totals(long offered, long sent, long windowWaited, long windowBlockedNanos, long reportedNanos) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

        Totals plus(ProducerReport from, ProducerReport to) {
            return new Totals(offered + to.offered() - from.offered(), sent + to.sent() - from.sent(),
                    windowWaited + to.windowWaited() - from.windowWaited(),
                    windowBlockedNanos + to.windowBlockedNanos() - from.windowBlockedNanos(),
                    reportedNanos + (to.timeMillis() - from.timeMillis()) * 1_000_000L);
        }

        /**
         * The senders' side of a span from {@code from} to this, {@code seconds} long on the wall clock, for the
         * bottleneck readout; empty if nothing was reported in it. The held-back share is over the time the reports
         * covered, a mean over producers.
         */
        Optional<Bottleneck.Sender> since(Totals from, double seconds) {
            double reported = (reportedNanos - from.reportedNanos) / 1e9;
            if (reported <= 0 || seconds <= 0) {
                return Optional.empty();
            }
            long sentInSpan = sent - from.sent;
            return Optional.of(new Bottleneck.Sender((offered - from.offered) / seconds, sentInSpan / seconds,
                    sentInSpan, windowWaited - from.windowWaited, 0,
                    OptionalDouble.of(Math.min(1.0, (windowBlockedNanos - from.windowBlockedNanos) / 1e9 / reported))));
        }
    }

    /**
     * The producers now, summed: rates over each one's last report interval, the share of it they were held back
     * (mean over producers), batches in flight against their windows, and the burst schedules to shade;
     * {@code offered} and {@code sent} are the sums of their latest cumulative counts. The rates are known once a
     * producer has reported twice ({@code ratesKnown}).
     */
    record Now(int producers, long offered, long sent, boolean ratesKnown, double offeredPerSec, double sentPerSec,
               double retriesPerSec, double rejectedPerSec, double heldBack, int inflight, int window,
               List<String> profiles, List<Schedule> bursts) {
    }

    /** One producer's bursts: {@code onMillis} every {@code onMillis + offMillis} from {@code startMillis}. */
    record Schedule(String producer, long startMillis, long onMillis, long offMillis) {
    }

    private static final class Entry {
        ProducerReport previous;
        ProducerReport latest;
        long seenMillis;
    }

    private final Map<String, Entry> producers = new LinkedHashMap<>();
    private Totals totals = Totals.ZERO;

    /**
     * Takes one report.
     *
     * @return why it was not taken, if it was not
     */
    Optional<String> accept(ProducerReport report, long nowMillis) {
        Entry e = producers.get(report.producer());
        if (e == null) {
            forgetStale(nowMillis);
            if (producers.size() >= MAX_PRODUCERS) {
                return Optional.of("too many producers reporting (" + MAX_PRODUCERS + " at most, each kept "
                        + STALE_MILLIS / 1000 + " s after its last report)");
            }
            e = new Entry();
            producers.put(report.producer(), e);
        } else if (continues(e.latest, report)) {
            totals = totals.plus(e.latest, report);
            e.previous = e.latest;
        } else {
            e.previous = null; // restarted under the same id, or out of order: a new baseline, no change counted
        }
        e.latest = report;
        e.seenMillis = nowMillis;
        return Optional.empty();
    }

    private static boolean continues(ProducerReport last, ProducerReport next) {
        return next.startMillis() == last.startMillis() && next.timeMillis() > last.timeMillis()
                && next.offered() >= last.offered() && next.sent() >= last.sent()
                && next.windowBlockedNanos() >= last.windowBlockedNanos() && next.windowWaited() >= last.windowWaited();
    }

    Totals totals() {
        return totals;
    }

    /** The producers that reported in the last {@value #STALE_MILLIS} ms; empty if none did. */
    Optional<Now> now(long nowMillis) {
        forgetStale(nowMillis);
        if (producers.isEmpty()) {
            return Optional.empty();
        }
        Sums sums = new Sums();
        producers.values().forEach(sums::add);
        return Optional.of(new Now(producers.size(), sums.offeredTotal, sums.sentTotal, sums.rated > 0, sums.offered,
                sums.sent, sums.retries, sums.rejected, sums.rated == 0 ? 0 : sums.held / sums.rated, sums.inflight,
                sums.window, List.copyOf(sums.profiles), List.copyOf(sums.bursts)));
    }

    /** {@link Now} being summed, one producer at a time. */
    private static final class Sums {
        long offeredTotal;
        long sentTotal;
        double offered;
        double sent;
        double retries;
        double rejected;
        double held;
        int rated;
        int inflight;
        int window;
        final List<String> profiles = new ArrayList<>();
        final List<Schedule> bursts = new ArrayList<>();

        void add(Entry e) {
            ProducerReport r = e.latest;
            offeredTotal += r.offered();
            sentTotal += r.sent();
            inflight += r.inflight();
            window += r.window();
            if (!profiles.contains(r.profile())) {
                profiles.add(r.profile());
            }
            r.burst().ifPresent(b -> bursts.add(new Schedule(r.producer(), r.startMillis(), b.onMillis(),
                    b.offMillis())));
            if (e.previous != null) {
                ProducerReport p = e.previous;
                double seconds = (r.timeMillis() - p.timeMillis()) / 1000.0;
                rated++;
                offered += (r.offered() - p.offered()) / seconds;
                sent += (r.sent() - p.sent()) / seconds;
                retries += Math.max(0, r.retries() - p.retries()) / seconds;
                rejected += Math.max(0, r.rejected() - p.rejected()) / seconds;
                held += Math.min(1.0, (r.windowBlockedNanos() - p.windowBlockedNanos()) / 1e9 / seconds);
            }
        }
    }

    private void forgetStale(long nowMillis) {
        for (Iterator<Entry> it = producers.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next().seenMillis > STALE_MILLIS) {
                it.remove();
            }
        }
    }
}
