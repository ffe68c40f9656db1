package io.burstpipe.store;

import io.burstpipe.message.Message;
import java.util.List;

/**
 * Where consumers save messages. Every implementation is idempotent by message id: storing the same
 * id twice keeps one copy, so at-least-once delivery gives exactly-once storage.
 *
 * <p>Implementations are thread-safe: several store writers may call {@link #storeBatch} at once.
 */
public interface MessageStore extends AutoCloseable {

    /**
     * Saves the batch. When this returns, every message in it is durable (it survives a restart of
     * the process). If it throws, the caller must assume none of the batch was saved and retry it;
     * ids already saved are skipped on the retry.
     *
     * @param fresh where the store marks, for each message of the batch by index, whether it was new (its id not
     *              stored before, nor earlier in the batch); at least {@code batch.size()} long
     * @return how many of the batch were new
     */
    int storeBatch(List<Message> batch, boolean[] fresh) throws StoreException;

    /** {@link #storeBatch(List, boolean[])} for a caller that needs only the count. */
    default int storeBatch(List<Message> batch) throws StoreException {
        return storeBatch(batch, new boolean[batch.size()]);
    }

    /** Distinct ids stored. */
    long count();

    /** Distinct ids stored for one producer. */
    long countByProducer(String producer);

    boolean contains(String id);

    /**
     * The sequence numbers of one producer's ids stored ({@code producer-seq}), so that the stores of several
     * consumers can be counted together without counting an id twice.
     */
    default org.roaringbitmap.longlong.Roaring64NavigableMap seqsOf(String producer) throws StoreException {
        throw new UnsupportedOperationException(describe() + " does not list the ids it holds");
    }

    /** One line for logs: kind and location. */
    String describe();

    /** Makes everything stored durable and releases files or connections. */
    @Override
    void close() throws StoreException;
}
