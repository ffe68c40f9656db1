package io.burstpipe.scenarios.jvm;

/** Something many threads increment. */
interface Counter {

    void increment();

    long get();
}
