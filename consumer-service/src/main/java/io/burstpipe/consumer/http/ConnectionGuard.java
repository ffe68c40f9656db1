package io.burstpipe.consumer.http;

import io.burstpipe.consumer.core.ConnectionLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps slow or idle-but-open clients from holding the consumer: at most {@code --max-connections} connections
 * (more are closed as they open); a new connection must send its first request's complete headers within
 * {@code --header-timeout}, else it is closed (a client that trickles its headers a byte at a time keeps no
 * connection for long). Between requests a kept-alive connection waits up to {@code --idle-timeout} for the next
 * one's headers: closing an idle keep-alive connection early would race clients that reuse it (their request
 * meets a closed connection), so that bound is the long one.
 *
 * <p>Called on the verticle's event loop only (connections and their requests run there); the counters may be
 * read from any thread.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final ConnectionLimits limits;
    /** Per open connection, its header timer (or -1 while a request is being handled). Event loop only. */
    private final Map<HttpConnection, Long> headerTimers = new HashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    final LongAdder refused = new LongAdder();
    final LongAdder headerTimeouts = new LongAdder();

    ConnectionGuard(Vertx vertx, ConnectionLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    int open() {
        return open.get();
    }

    void opened(HttpConnection connection) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refused.increment();
            connection.close();
            return;
        }
        connection.closeHandler(v -> {
            open.decrementAndGet();
            Long timer = headerTimers.remove(connection);
            if (timer != null && timer >= 0) {
                vertx.cancelTimer(timer);
            }
        });
        armHeaderTimer(connection, limits.headerTimeout().toMillis());
    }

    /** A request's headers are in: the connection is busy until the answer is out, then waits for the next. */
    void requestArrived(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Long timer = headerTimers.put(connection, -1L);
        if (timer != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
        request.response().endHandler(v -> {
            if (headerTimers.containsKey(connection)) {
                armHeaderTimer(connection, limits.idleTimeout().toMillis());
            }
        });
    }

    private void armHeaderTimer(HttpConnection connection, long millis) {
        long timer = vertx.setTimer(millis, id -> {
            Long current = headerTimers.get(connection);
            if (current != null && current.longValue() == id.longValue()) { // still this request's timer
                headerTimeouts.increment();
                connection.close();
            }
        });
        headerTimers.put(connection, timer);
    }
}
