package io.burstpipe.consumer.kafka;

/**
 * When Kafka intake pauses its partitions and when it resumes them: pause once the queue (with the records already
 * fetched and waiting for room) reaches {@code pauseAbove}; resume once nothing waits and the queue is down to
 * {@code resumeBelow}. The gap between the two keeps it from flapping. Pure: fed depths, answers decisions.
 *
 * <p>Not thread-safe: the intake thread asks it.
 */
final class PauseHysteresis {

    enum Decision { PAUSE, RESUME, NONE }

    private final int pauseAbove;
    private final int resumeBelow;
    private boolean paused;

    /**
     * @param pauseAbove  queued messages at which to pause, at least 1
     * @param resumeBelow queued messages at or below which to resume, below {@code pauseAbove}
     */
    PauseHysteresis(int pauseAbove, int resumeBelow) {
        if (pauseAbove < 1 || resumeBelow < 0 || resumeBelow >= pauseAbove) {
            throw new IllegalArgumentException("need 0 <= resume-below < pause-above (were " + resumeBelow + " and "
                    + pauseAbove + ")");
        }
        this.pauseAbove = pauseAbove;
        this.resumeBelow = resumeBelow;
    }

    /** After records were taken in: pause if the queue and what waits for room reached the mark. */
    Decision afterReceive(int queueDepth, int waiting) {
        if (!paused && queueDepth + waiting >= pauseAbove) {
            paused = true;
            return Decision.PAUSE;
        }
        return Decision.NONE;
    }

    /** After waiting records moved on: resume once none wait and the queue has drained to the low mark. */
    Decision afterMove(int queueDepth, int waiting) {
        if (paused && waiting == 0 && queueDepth <= resumeBelow) {
            paused = false;
            return Decision.RESUME;
        }
        return Decision.NONE;
    }

    boolean isPaused() {
        return paused;
    }
}
