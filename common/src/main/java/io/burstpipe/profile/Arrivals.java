package io.burstpipe.profile;

/** How arrivals are spread within a rate: evenly, or as a Poisson process (random, seeded). */
public enum Arrivals {
    /** Evenly spaced at 1/rate. */
    UNIFORM,
    /** Exponential gaps with mean 1/rate: what independent senders on a network look like. */
    POISSON
}
