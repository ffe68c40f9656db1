package io.burstpipe.consumer.http;

import io.burstpipe.consumer.core.ConnectionLimits;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives request bodies within three bounds: {@code --max-body-bytes} per request (413), the bytes of all bodies
 * being received at once, {@code --max-body-total-bytes} (503 + Retry-After), and {@code --body-timeout} for a body
 * to arrive whole (408). A declared Content-Length is checked and reserved before a byte of the body is read; a
 * chunked body reserves as it comes. A refused request's connection is closed, since its body is not read.
 * The reservation is given back once the body has been handed on (parsed), or the client went away.
 *
 * <p>Called on the verticle's event loop only; the counters may be read from any thread.
 */
final class BodyReader {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);
    static final String RETRY_AFTER_SECONDS = "1";

    private final Vertx vertx;
    private final long maxBodyBytes;
    private final ConnectionLimits limits;
    private final AtomicLong inUse = new AtomicLong();
    final LongAdder refusedOverBudget = new LongAdder();
    final LongAdder timedOut = new LongAdder();

    BodyReader(Vertx vertx, long maxBodyBytes, ConnectionLimits limits) {
        this.vertx = vertx;
        this.maxBodyBytes = maxBodyBytes;
        this.limits = limits;
    }

    /** Bytes of request bodies received or reserved right now. */
    long inUseBytes() {
        return inUse.get();
    }

    /**
     * Reads the body of {@code request} and hands it to {@code onBody} (an empty buffer for none); or answers the
     * request itself (413, 503, 408), never calls {@code onBody} and calls {@code onGiveUp} instead, once; also when
     * the client goes away before its body is in. Owns the response's close handler.
     */
    void read(HttpServerRequest request, Handler<Buffer> onBody, Runnable onGiveUp) {
        long declared = declaredLength(request);
        Reading reading = new Reading(request, onBody, onGiveUp, declared);
        request.response().closeHandler(v -> reading.clientGone());
        if (declared > maxBodyBytes) {
            reading.giveUp();
            refuse(request, 413, "request body of " + declared + " bytes is larger than " + maxBodyBytes
                    + " bytes (--max-body-bytes); send smaller batches");
        } else if (declared <= 0 || reading.reserve(declared)) {
            reading.start();
        }
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP codec refuses a malformed length before this
        }
    }

    /** Answers with an error and closes the connection once the answer is out: the rest of the body is not read. */
    void refuse(HttpServerRequest request, int status, String message) {
        if (status == 503) {
            request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (!request.response().ended()) {
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").end(new JsonObject().put("error", message).encode())
                    .onComplete(done -> request.connection().close());
        }
    }

    /** One body being received. */
    private final class Reading {
        private final HttpServerRequest request;
        private final Handler<Buffer> onBody;
        private final Runnable onGiveUp;
        private final long declared;
        private Buffer body;
        private long reserved;
        private long timer = -1;
        private boolean finished;

        Reading(HttpServerRequest request, Handler<Buffer> onBody, Runnable onGiveUp, long declared) {
            this.request = request;
            this.onBody = onBody;
            this.onGiveUp = onGiveUp;
            this.declared = declared;
        }

        boolean reserve(long bytes) {
            long after = inUse.addAndGet(bytes);
            if (after > limits.maxBodyTotalBytes()) {
                inUse.addAndGet(-bytes);
                refusedOverBudget.increment();
                giveUp();
                refuse(request, 503, "the consumer is receiving as many request bodies as it holds at once ("
                        + limits.maxBodyTotalBytes() + " bytes, --max-body-total-bytes); retry later");
                return false;
            }
            reserved += bytes;
            return true;
        }

        /** Only once the reservation holds: the buffer is sized for the declared body. */
        void start() {
            body = Buffer.buffer((int) Math.max(0, Math.min(declared, maxBodyBytes)));
            timer = vertx.setTimer(limits.bodyTimeout().toMillis(), id -> {
                if (!finished) {
                    timedOut.increment();
                    giveUp();
                    refuse(request, 408, "request body not received within " + limits.bodyTimeout().toMillis()
                            + " ms (--body-timeout)");
                }
            });
            request.handler(this::chunk);
            request.endHandler(v -> {
                if (!finished) {
                    finish();
                    try {
                        onBody.handle(body);
                    } finally {
                        release();
                    }
                }
            });
            request.exceptionHandler(e -> {
                LOG.debug("request body from {} failed: {}", request.remoteAddress(), e.toString());
                if (!finished) {
                    giveUp();
                }
            });
        }

        /** The client closed the connection: if the body was still coming, it never will. */
        void clientGone() {
            if (!finished) {
                giveUp();
            }
        }

        private void chunk(Buffer chunk) {
            if (finished) {
                return;
            }
            long size = body.length() + (long) chunk.length();
            if (size > maxBodyBytes) {
                giveUp();
                refuse(request, 413, "request body larger than " + maxBodyBytes + " bytes (--max-body-bytes); "
                        + "send smaller batches");
                return;
            }
            if (size > reserved && !reserve(size - reserved)) {
                return;
            }
            body.appendBuffer(chunk);
        }

        /** The body will not be handed on: frees what it holds and tells the caller. */
        void giveUp() {
            finish();
            release();
            onGiveUp.run();
        }

        private void finish() {
            finished = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        private void release() {
            if (reserved > 0) {
                inUse.addAndGet(-reserved);
                reserved = 0;
            }
        }
    }
}
