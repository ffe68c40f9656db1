package io.burstpipe.flow;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A bound on the requests out at once, and one batch that may wait for the next slot: the thread that frees a
 * slot ({@link #release()}, an answer) sends the waiting batch with that slot at once, instead of waking the thread
 * that made the batch to send it. On two busy cores each such wake-up can wait for a core; a sender held to its
 * bound then turns each slot around on the thread the answer came on, as a closed-loop client does.
 *
 * <p>{@code send} is called with a batch that holds a slot, on the thread that {@linkplain #putDown put it down}
 * (when a slot came free just then) or on the one that {@linkplain #release() released} one. A sender that never
 * puts down uses this as a plain semaphore.
 *
 * @param <T> the batch
 */
public final class RequestSlots<T> {

    private final int size;
    private final Semaphore free;
    private final Consumer<T> send;
    /** At most one batch put down at a time. */
    private final AtomicReference<T> waiting = new AtomicReference<>();
    /** Free while nothing is put down. */
    private final Semaphore room = new Semaphore(1);

    public RequestSlots(int size, Consumer<T> send) {
        this.size = size;
        this.free = new Semaphore(size);
        this.send = send;
    }

    /** Takes a slot if one is free. */
    public boolean tryTake() {
        return free.tryAcquire();
    }

    /** Takes a slot, waiting up to {@code timeout} for one. */
    public boolean take(long timeout, TimeUnit unit) throws InterruptedException {
        return free.tryAcquire(timeout, unit);
    }

    /**
     * Puts the batch down for the next freed slot, once the one put down before it is gone (checking
     * {@code giveUp} every 20 ms meanwhile). A slot freed before the batch was down found nothing to send and stayed
     * free: then the batch is taken back and sent from here, unless a release took it first.
     *
     * @return {@code false} if {@code giveUp} came first; the batch was not put down
     */
    public boolean putDown(T batch, BooleanSupplier giveUp) throws InterruptedException {
        if (!awaitRoom(giveUp)) {
            return false;
        }
        waiting.set(batch);
        if (free.tryAcquire()) {
            if (waiting.compareAndSet(batch, null)) {
                send.accept(batch);
                room.release();
            } else {
                free.release();
            }
        }
        return true;
    }

    /** A request is done with its slot: the batch put down takes it and is sent from here, or the slot is free. */
    public void release() {
        T next = waiting.getAndSet(null);
        if (next != null) {
            send.accept(next);
            room.release();
        } else {
            free.release();
        }
    }

    /** Waits until nothing is put down; {@code false} if {@code giveUp} came first. */
    public boolean awaitNoneWaiting(BooleanSupplier giveUp) throws InterruptedException {
        if (awaitRoom(giveUp)) {
            room.release();
            return true;
        }
        return false;
    }

    /** Takes back the batch put down, unsent; {@code null} if there is none (a release sent it, or none was down). */
    public T withdraw() {
        T batch = waiting.getAndSet(null);
        if (batch != null) {
            room.release();
        }
        return batch;
    }

    /** Whether a batch is put down. */
    public boolean waiting() {
        return waiting.get() != null;
    }

    /** Slots taken. */
    public int inUse() {
        return size - free.availablePermits();
    }

    /** Waits up to {@code timeout} for every slot to be free (then nothing is put down either). */
    public boolean awaitAllFree(long timeout, TimeUnit unit) throws InterruptedException {
        if (free.tryAcquire(size, timeout, unit)) {
            free.release(size);
            return true;
        }
        return false;
    }

    private boolean awaitRoom(BooleanSupplier giveUp) throws InterruptedException {
        while (!room.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }
}
