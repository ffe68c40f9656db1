package io.burstpipe.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The same seeded load against each setting of a consumer knob in turn. A mixin of {@code burstpipe loadtest}. */
public final class SweepOptions {

    @Option(names = "--sweep", paramLabel = "KNOB=V1,V2,...",
            description = "Run the same seeded load once for each setting of the consumer's knob and report the "
                    + "trade-off: overflow=block,reject,drop-newest,drop-oldest (switched through its control "
                    + "endpoints: needs --control-token, or --start-consumer; the consumer's own policy is put back "
                    + "at the end), or queue-capacity=N1,N2,... (needs --start-consumer: the consumer is started "
                    + "again with each capacity), or for --transport kafka water-marks=PAUSE/RESUME,... (the "
                    + "consumer's --pause-above and --resume-below, e.g. water-marks=80/20,10/9; needs "
                    + "--start-consumer). An unjudged warm-up comes before the first setting, and before each one "
                    + "the consumer is started again for.")
    String sweep;

    @Option(names = "--sweep-goal", paramLabel = "GOAL",
            description = "What the recommendation is for: no-loss (nothing undelivered, then the lowest p99), "
                    + "lowest-p99, most-delivered, or fastest-drain (the group's lag back to 0 soonest after the "
                    + "last send, then the fewest pauses). Default: fastest-drain for water-marks, else no-loss.")
    String goal;

    /** The checked plan, or empty without --sweep. @throws IllegalArgumentException naming what is allowed */
    Optional<LoadTestConfig.SweepPlan> plan(LoadTestConfig.Target target) {
        if (sweep == null) {
            return Optional.empty();
        }
        String[] kv = sweep.split("=", 2);
        String knob = kv[0].trim();
        boolean marks = knob.equals(LoadTestConfig.SweepPlan.WATER_MARKS);
        if (kv.length != 2 || !(knob.equals("overflow") || knob.equals(LoadTestConfig.SweepPlan.QUEUE_CAPACITY)
                || marks)) {
            throw new IllegalArgumentException("--sweep takes KNOB=V1,V2,... with the knob overflow, queue-capacity or "
                    + "water-marks (was '" + sweep + "'); e.g. --sweep overflow=block,reject,drop-newest,"
                    + "drop-oldest, --sweep queue-capacity=10,100,1000 or --sweep water-marks=80/20,10/9");
        }
        Sweep.Goal parsedGoal = Sweep.Goal.parse(goal != null ? goal : marks ? "fastest-drain" : "no-loss");
        List<String> values = new ArrayList<>();
        for (String v : kv[1].split(",")) {
            String value = v.trim();
            if (knob.equals("overflow") && !LoadTestConfig.SweepPlan.OVERFLOW.contains(value)) {
                throw new IllegalArgumentException("--sweep overflow: '" + value + "' is not a policy; allowed: "
                        + String.join(", ", LoadTestConfig.SweepPlan.OVERFLOW));
            }
            boolean capacity = knob.equals(LoadTestConfig.SweepPlan.QUEUE_CAPACITY);
            if (capacity && (!value.matches("[1-9][0-9]{0,6}")
                    || Integer.parseInt(value) > LoadTestConfig.SweepPlan.MAX_QUEUE_CAPACITY)) {
                throw new IllegalArgumentException("--sweep queue-capacity: '" + value + "' is not a capacity; "
                        + "allowed: whole numbers from 1 to " + LoadTestConfig.SweepPlan.MAX_QUEUE_CAPACITY);
            }
            if (marks && !waterMarks(value)) {
                throw new IllegalArgumentException("--sweep water-marks: '" + value + "' is not PAUSE/RESUME; allowed: "
                        + "whole numbers with 1 <= PAUSE <= " + LoadTestConfig.SweepPlan.MAX_QUEUE_CAPACITY
                        + " and 0 <= RESUME < PAUSE, e.g. 80/20 (within the consumer's --queue-capacity)");
            }
            if (values.contains(value)) {
                throw new IllegalArgumentException("--sweep " + knob + ": " + value + " is given twice");
            }
            values.add(value);
        }
        if (values.size() < 2) {
            throw new IllegalArgumentException("--sweep needs at least two settings to compare (was '" + sweep + "')");
        }
        LoadTestConfig.SweepPlan plan = new LoadTestConfig.SweepPlan(knob, List.copyOf(values), parsedGoal);
        if (plan.restarts() && target.startConsumer().isEmpty()) {
            throw new IllegalArgumentException("--sweep " + knob + " starts the consumer again with each setting: it "
                    + "needs --start-consumer \"FLAGS\" (the consumer's other flags)");
        }
        for (String flag : plan.restarts() ? plan.flags() : List.<String>of()) {
            if (target.startConsumer().get().stream().anyMatch(f -> f.split("=", 2)[0].equals(flag))) {
                throw new IllegalArgumentException("--sweep " + knob + " sets " + String.join(" and ", plan.flags())
                        + " on the consumer it starts: drop " + flag + " from --start-consumer");
            }
        }
        return Optional.of(plan);
    }

    private static boolean waterMarks(String value) {
        if (!value.matches("[0-9]{1,7}/[0-9]{1,7}")) {
            return false;
        }
        String[] marks = value.split("/");
        int pause = Integer.parseInt(marks[0]);
        int resume = Integer.parseInt(marks[1]);
        return pause >= 1 && pause <= LoadTestConfig.SweepPlan.MAX_QUEUE_CAPACITY && resume < pause;
    }
}
