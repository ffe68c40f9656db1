package io.burstpipe.api;

import java.util.Optional;

/**
 * What a producer tells the consumer about itself ({@code POST /producers/report}, about once a second): what its
 * schedule intended to send by now, what it sent, and how long it was held back. The consumer cannot see these from
 * the messages alone: messages the producer could not send yet have not arrived. Counters are cumulative since the
 * producer started. Immutable.
 *
 * @param producer           the producer id, as in its message ids
 * @param timeMillis         when the figures were read, epoch milliseconds
 * @param startMillis        when the producer's schedule started, epoch milliseconds
 * @param offered            messages the schedule intended to send by {@code timeMillis}
 * @param generated          messages made (each is sent when a window slot is free)
 * @param sent               messages sent for the first time
 * @param retries            batches sent again after a 429, 503 or a transport error
 * @param rejected           429 answers
 * @param windowWaited       messages whose batch found every in-flight slot taken and waited for one
 * @param windowBlockedNanos time generation waited for a free in-flight slot, including a wait still going on
 * @param inflight           batches sent and not yet answered
 * @param window             the bound on {@code inflight} ({@code --window})
 * @param profile            the rate profile, in words
 * @param burst              the burst profile's on/off periods, when the profile is one
 */
public record ProducerReport(String producer, long timeMillis, long startMillis, long offered, long generated,
                             long sent, long retries, long rejected, long windowWaited, long windowBlockedNanos,
                             int inflight, int window, String profile, Optional<Burst> burst) {

    /** Bursts of {@code onMillis} every {@code onMillis + offMillis}, the first starting at the schedule's start. */
    public record Burst(long onMillis, long offMillis) {
    }
}
