package io.burstpipe.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code POST /control/<action>} can ask of a consumer (with its bearer token). */
public enum ControlAction {
    /** Store writers take nothing: the queue fills and intake pushes back. */
    PAUSE,
    RESUME,
    /** {@code ?value=POLICY}: switch the overflow policy. */
    POLICY,
    /** {@code ?latency=TIME&jitter=TIME&failure-rate=P}, any of them: turn the slow store's knobs as writes flow. */
    STORE,
    /** The same graceful stop as SIGTERM. */
    SHUTDOWN;

    /** The path segment: {@code pause}, {@code resume}, ... */
    public String path() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming what is allowed */
    public static ControlAction parse(String path) {
        for (ControlAction a : values()) {
            if (a.path().equals(path)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown control action '" + path + "'; allowed: "
                + Arrays.stream(values()).map(a -> a == POLICY ? "policy?value=POLICY" : a == STORE
                        ? "store?latency=TIME&jitter=TIME&failure-rate=P" : a.path())
                .collect(Collectors.joining(", ")));
    }
}
