package io.burstpipe.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A list of stages run in order, like k6's ramping-arrival-rate: each holds a rate for a time
 * ({@code 30s:1000}) or ramps linearly from one rate to another ({@code 10s:0..5000}). After the last
 * stage the rate is 0 and the schedule ends.
 */
public final class StagesProfile implements RateProfile {

    /** One step: {@code fromRatePerSec} to {@code toRatePerSec} (equal for a hold) over {@code nanos}. */
    public record Stage(long nanos, double fromRatePerSec, double toRatePerSec) {
        public Stage {
            if (nanos <= 0) {
                throw new IllegalArgumentException("a stage must last > 0 (was " + nanos + " ns)");
            }
            Profiles.requireRate("stage rate", fromRatePerSec);
            Profiles.requireRate("stage rate", toRatePerSec);
        }

        String describe() {
            String time = DurationText.of(nanos);
            return fromRatePerSec == toRatePerSec ? time + ":" + Profiles.number(toRatePerSec)
                    : time + ":" + Profiles.number(fromRatePerSec) + ".." + Profiles.number(toRatePerSec);
        }
    }

    /** Ramps are followed in steps of this length, each at its mid-point rate (as {@link RampProfile}). */
    private static final long STEP_NANOS = 10_000_000L;
    static final String FORM = "DURATION:RATE or DURATION:FROM..TO, comma-separated (e.g. 10s:0..1000,30s:1000)";

    private final List<Stage> stages;
    private final long[] startNanos;
    private final long totalNanos;

    public StagesProfile(List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("--stages needs at least one stage: " + FORM);
        }
        this.stages = List.copyOf(stages);
        this.startNanos = new long[stages.size()];
        long t = 0;
        for (int i = 0; i < stages.size(); i++) {
            startNanos[i] = t;
            t = Math.addExact(t, stages.get(i).nanos());
        }
        this.totalNanos = t;
    }

    /**
     * Parses {@code 10s:0..1000,30s:1000,5s:0}; errors name the stage and the form allowed.
     */
    public static StagesProfile parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--stages is empty; use " + FORM);
        }
        List<Stage> stages = new ArrayList<>();
        for (String part : text.split(",")) {
            stages.add(parseStage(part.trim()));
        }
        return new StagesProfile(stages);
    }

    private static Stage parseStage(String part) {
        int colon = part.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("stage '" + part + "' is not " + FORM);
        }
        long nanos;
        try {
            nanos = Durations.parse(part.substring(0, colon)).toNanos();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stage '" + part + "': " + e.getMessage());
        }
        if (nanos <= 0) {
            throw new IllegalArgumentException("stage '" + part + "': the duration must be > 0");
        }
        String rates = part.substring(colon + 1).trim();
        int dots = rates.indexOf("..");
        try {
            double from = Double.parseDouble(dots < 0 ? rates : rates.substring(0, dots));
            double to = dots < 0 ? from : Double.parseDouble(rates.substring(dots + 2));
            return new Stage(nanos, from, to);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stage '" + part + "': '" + rates + "' is not a rate (msgs/s) or "
                    + "FROM..TO");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stage '" + part + "': " + e.getMessage());
        }
    }

    public List<Stage> stages() {
        return stages;
    }

    /** Sum of the stages' durations. */
    public long totalNanos() {
        return totalNanos;
    }

    private int indexAt(long elapsedNanos) {
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (elapsedNanos >= startNanos[i]) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public double ratePerSecAt(long elapsedNanos) {
        if (elapsedNanos >= totalNanos) {
            return 0.0;
        }
        int i = indexAt(elapsedNanos);
        Stage stage = stages.get(i);
        if (stage.fromRatePerSec() == stage.toRatePerSec()) {
            return stage.toRatePerSec();
        }
        long into = elapsedNanos - startNanos[i];
        long stepMid = into - into % STEP_NANOS + STEP_NANOS / 2;
        double fraction = Math.min(1.0, (double) stepMid / stage.nanos());
        return stage.fromRatePerSec() + (stage.toRatePerSec() - stage.fromRatePerSec()) * fraction;
    }

    @Override
    public long segmentEndNanos(long elapsedNanos) {
        if (elapsedNanos >= totalNanos) {
            return Long.MAX_VALUE;
        }
        int i = indexAt(elapsedNanos);
        Stage stage = stages.get(i);
        long end = startNanos[i] + stage.nanos();
        if (stage.fromRatePerSec() == stage.toRatePerSec()) {
            return end;
        }
        long into = elapsedNanos - startNanos[i];
        return Math.min(end, startNanos[i] + into - into % STEP_NANOS + STEP_NANOS);
    }

    @Override
    public String describe() {
        return "stages " + stages.stream().map(Stage::describe).collect(Collectors.joining(","));
    }

    /** Durations as the flags spell them. */
    private static final class DurationText {
        static String of(long nanos) {
            if (nanos % 1_000_000_000L == 0) {
                return nanos / 1_000_000_000L + "s";
            }
            return String.format(Locale.ROOT, "%dms", Math.round(nanos / 1e6));
        }
    }
}
