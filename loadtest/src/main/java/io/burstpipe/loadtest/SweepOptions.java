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
                    + "again with each capacity). An unjudged warm-up comes before the first setting, and before "
                    + "each one the consumer is started again for.")
    String sweep;

    @Option(names = "--sweep-goal", paramLabel = "GOAL", defaultValue = "no-loss",
            description = "What the recommendation is for: no-loss (nothing undelivered, then the lowest p99), "
                    + "lowest-p99, or most-delivered. Default: ${DEFAULT-VALUE}.")
    String goal;

    /** The checked plan, or empty without --sweep. @throws IllegalArgumentException naming what is allowed */
    Optional<LoadTestConfig.SweepPlan> plan(LoadTestConfig.Target target) {
        if (sweep == null) {
            return Optional.empty();
        }
        Sweep.Goal parsedGoal = Sweep.Goal.parse(goal);
        String[] kv = sweep.split("=", 2);
        String knob = kv[0].trim();
        if (kv.length != 2 || !(knob.equals("overflow") || knob.equals(LoadTestConfig.SweepPlan.QUEUE_CAPACITY))) {
            throw new IllegalArgumentException("--sweep takes KNOB=V1,V2,... with the knob overflow or "
                    + "queue-capacity (was '" + sweep + "'); e.g. --sweep overflow=block,reject,drop-newest,"
                    + "drop-oldest or --sweep queue-capacity=10,100,1000");
        }
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
        if (plan.restarts() && target.startConsumer().get().stream().anyMatch(f -> f.split("=", 2)[0]
                .equals(plan.flag()))) {
            throw new IllegalArgumentException("--sweep " + knob + " sets " + plan.flag() + " on the consumer it "
                    + "starts: drop it from --start-consumer");
        }
        return Optional.of(plan);
    }
}
