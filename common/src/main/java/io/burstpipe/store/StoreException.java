package io.burstpipe.store;

/** A store operation failed; for {@link MessageStore#storeBatch}, the batch must be retried. */
public class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
