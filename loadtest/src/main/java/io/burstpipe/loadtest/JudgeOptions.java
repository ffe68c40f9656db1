package io.burstpipe.loadtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a run is judged and where its files go. A mixin of {@code burstpipe loadtest}.
 */
public final class JudgeOptions {

    @Option(names = "--threshold", paramLabel = "EXPR",
            description = "Pass/fail condition, repeatable: p99<250ms, p99.9<1s, max<2s, service-p99<50ms, loss==0, "
                    + "error_rate<1%%, rate>=0.99*target; with a window in brackets it must hold in every window of "
                    + "that length, a second apart, after the warm-up: p99[10s]<250ms, loss[30s]==0 (loss in a "
                    + "window: failed and dropped messages); with a span it is judged once on those seconds: p99[12s..15s]<60ms, "
                    + "p99[fault2+5s..end]<50ms (from 5 s after the second fault to the end), p99[fault1..+10s]<1s, "
                    + "p99[fault1]>=100ms (fault 1 to the next), p99[stage2]<100ms (the second stage), "
                    + "p99[stage2..stage3]<100ms. A failed one makes the exit status 99.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--abort-on-fail",
            description = "Stop the run as soon as a threshold (other than rate) fails, judged every second after "
                    + "the warm-up (a windowed one: as soon as a window fails).")
    boolean abortOnFail;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for result.json and report.html. Default: loadtest-results/<date-time>.")
    Path out;
}
