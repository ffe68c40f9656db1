package io.burstpipe.scenarios.race;

/** The tutorial's {@code FakeDatabase}: a value that workers update. */
public interface FakeDatabase {

    /** The tutorial's {@code time.sleep(0.1)} between read and write-back. */
    long WORK_MILLIS = 100;

    void update(int name) throws InterruptedException;

    int value();
}
