package io.burstpipe.consumer.codec;

/** A request the consumer refuses, with the HTTP status and a message saying what was wrong. */
public final class BadRequest extends Exception {

    private final int status;

    public BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
