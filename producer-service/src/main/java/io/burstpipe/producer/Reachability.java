package io.burstpipe.producer;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the destination answers: the first transport error after an answer is said at once (one WARN line),
 * the recovery too, and the status line carries how long it has been unreachable. Thread-safe: told from
 * transport threads, read from the status thread.
 */
final class Reachability {

    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    private final String destination;
    private long unreachableSinceNanos = -1;
    private String lastError = "";

    Reachability(String destination) {
        this.destination = destination;
    }

    synchronized void failed(Throwable error) {
        lastError = error.getMessage() == null ? error.toString() : error.getMessage();
        if (unreachableSinceNanos < 0) {
            unreachableSinceNanos = System.nanoTime();
            LOG.warn("cannot reach {}: {}; each batch is retried with the same ids (capped backoff) until it is "
                    + "answered or the drain deadline passes", destination, lastError);
        }
    }

    synchronized void answered() {
        if (unreachableSinceNanos >= 0) {
            LOG.info("reached {} again after {} ms", destination,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unreachableSinceNanos));
            unreachableSinceNanos = -1;
        }
    }

    synchronized boolean unreachable() {
        return unreachableSinceNanos >= 0;
    }

    /** For the status line: empty while reachable. */
    synchronized String describe() {
        if (unreachableSinceNanos < 0) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, " UNREACHABLE for %.0fs (%s)",
                (System.nanoTime() - unreachableSinceNanos) / 1e9, lastError);
    }
}
