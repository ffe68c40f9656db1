package io.burstpipe.consumer.intake;

/**
 * What became of one received batch once every message in it is settled.
 *
 * @param size        messages in the batch
 * @param duplicates  messages durable already: stored earlier, or repeated within the batch
 * @param dropped     messages dropped by the overflow policy
 * @param notAccepted messages never queued because the consumer began stopping
 * @param abandoned   messages queued but not stored before the drain deadline
 */
public record BatchOutcome(int size, int duplicates, int dropped, int notAccepted, int abandoned) {

    /** Every message is durable or was deliberately dropped (and counted). */
    public boolean settled() {
        return notAccepted == 0 && abandoned == 0;
    }

    /** Messages this batch added to the store. */
    public int stored() {
        return size - duplicates - dropped - notAccepted - abandoned;
    }
}
