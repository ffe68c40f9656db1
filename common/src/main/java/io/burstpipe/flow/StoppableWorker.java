package io.burstpipe.flow;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lifecycle of every loop in burstpipe, in the spirit of Kafka's {@code ShutdownableThread}: on a thread of
 * its own, {@link #doWork()} is called turn after turn until a shutdown is initiated (from outside, or by the work
 * itself when it is done); then {@link #onStop()} runs once on the same thread. A turn that throws ends the loop in
 * the {@link State#FAILED} state with its cause, which readiness checks and exit statuses read; a listener set
 * with {@link #onFailure} hears of it at once.
 *
 * <p>Thread contract: {@link #doWork()} and {@link #onStop()} run on the worker's thread only; every public method
 * may be called from any thread. Waits inside a turn should use {@link #stopping()} (an {@link Event}) so that a
 * shutdown ends them at once; a turn blocked elsewhere is woken by {@link #wakeUp()}.
 */
public abstract class StoppableWorker {

    private static final Logger LOG = LoggerFactory.getLogger(StoppableWorker.class);

    /** Where a worker is: NEW until started; RUNNING; STOPPING once a shutdown is initiated; then STOPPED or FAILED. */
    public enum State { NEW, RUNNING, STOPPING, STOPPED, FAILED }

    private final String name;
    private final Event stopping = new Event();
    private final Event stopped = new Event();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile Throwable failure;
    private volatile Consumer<Throwable> failureListener = e -> { };
    private Thread thread;

    protected StoppableWorker(String name) {
        this.name = name;
    }

    /** One turn of work; return to be called again, throw to fail. */
    protected abstract void doWork() throws Exception;

    /** Runs once on the worker's thread after the last turn, after a failure too: flush, commit, close. */
    protected void onStop() throws Exception {
    }

    /** Wakes a turn that blocks on something other than {@link #stopping()} (a poll, a socket). */
    protected void wakeUp() {
    }

    /** Starts the worker's thread; returns at once. */
    public final synchronized StoppableWorker start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException(name + " was already started");
        }
        thread = new Thread(this::loop, name);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (!stopping.isSet()) {
                doWork();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        } catch (Throwable e) {
            fail(e);
        } finally {
            try {
                onStop();
            } catch (Throwable e) {
                if (failure == null) {
                    fail(e);
                } else {
                    LOG.warn("{}: stopping after its failure failed too: {}", name, e.toString());
                }
            }
            state.compareAndSet(State.RUNNING, State.STOPPED);
            state.compareAndSet(State.STOPPING, State.STOPPED);
            stopped.set();
        }
        Throwable died = failure;
        if (died != null) {
            failureListener.accept(died);
        }
    }

    private void fail(Throwable e) {
        failure = e;
        state.set(State.FAILED);
        LOG.error("{} failed: {}", name, e.toString(), e);
    }

    /** Asks the loop to end after the current turn (waking it); returns at once. */
    public final void initiateShutdown() {
        state.compareAndSet(State.RUNNING, State.STOPPING);
        state.compareAndSet(State.NEW, State.STOPPED);
        stopping.set();
        wakeUp();
        if (state.get() == State.STOPPED && thread == null) {
            stopped.set();
        }
    }

    /** Waits up to {@code bound} for the loop and its {@link #onStop()} to finish; {@code false} if they did not. */
    public final boolean awaitShutdown(Duration bound) throws InterruptedException {
        return stopped.await(bound);
    }

    /** Set once a shutdown was initiated: the event turns should wait on instead of sleeping. */
    protected final Event stopping() {
        return stopping;
    }

    public final boolean isShutdownInitiated() {
        return stopping.isSet();
    }

    public final State state() {
        return state.get();
    }

    /** Why the worker failed; empty while it runs or if it stopped cleanly. */
    public final Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public final boolean isFailed() {
        return state.get() == State.FAILED;
    }

    /** Told once, on the worker's thread, if it fails (after {@link #onStop()}). */
    public final void onFailure(Consumer<Throwable> listener) {
        this.failureListener = listener;
    }

    public final String name() {
        return name;
    }
}
