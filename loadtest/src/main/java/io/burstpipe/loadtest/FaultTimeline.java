package io.burstpipe.loadtest;

import static io.burstpipe.loadtest.Report.round;

import io.burstpipe.api.ControlAction;
import io.burstpipe.profile.Durations;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Faults at set times of a run, beside its load: the consumer's store slowed, jittered or made to fail, its writers
 * paused and resumed, its overflow policy switched (all through its control endpoints), a batch of invalid
 * messages sent to it, or, for a consumer the load test started, its process killed, stopped or restarted, or
 * (Kafka) one more consumer started in its group or stopped again. Each
 * fires on a thread of its own at its offset from the run's start, says so on the live
 * output, and is kept with the time it fired and how the consumer answered, for the report's charts.
 */
final class FaultTimeline implements AutoCloseable {

    /** What a fault can do, as {@code --fault AT:ACTION} writes it. */
    static final String ACTIONS = "store?latency=TIME&jitter=TIME&failure-rate=P (any of them), pause, resume, "
            + "policy?value=POLICY, poison=N (N invalid messages in one batch), for a consumer --start-consumer "
            + "started: kill (SIGKILL), term (SIGTERM), restart, and with --transport kafka also join (one more "
            + "consumer in its group) and leave (SIGTERM the last that joined)";

    /** What a lifecycle fault does to the consumer processes the load test started. */
    enum Lifecycle {
        KILL, TERM, RESTART, JOIN, LEAVE;

        static Optional<Lifecycle> parse(String what) {
            return switch (what) {
                case "kill" -> Optional.of(KILL);
                case "term" -> Optional.of(TERM);
                case "restart" -> Optional.of(RESTART);
                case "join" -> Optional.of(JOIN);
                case "leave" -> Optional.of(LEAVE);
                default -> Optional.empty();
            };
        }

        /** Changes who is in the consumer group rather than the first consumer's process. */
        boolean groupChange() {
            return this == JOIN || this == LEAVE;
        }
    }

    /**
     * One fault: at {@code at} from the run's start, a control action with its query, or ({@code poison > 0}) a batch
     * of that many invalid messages, or ({@code life} present) the consumer process killed, stopped or restarted.
     */
    record Fault(Duration at, String text, ControlAction action, String query, int poison,
                 Optional<Lifecycle> life) {

        /** @throws IllegalArgumentException naming what is wrong and what is allowed */
        static Fault parse(String spec) {
            int colon = spec.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("--fault takes AT:ACTION, e.g. 10s:store?latency=200ms (was '"
                        + spec + "'); actions: " + ACTIONS);
            }
            Duration at;
            try {
                at = Durations.parse(spec.substring(0, colon).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fault " + spec + ": the time before ':' is not a duration "
                        + "(e.g. 10s, 1500ms): " + e.getMessage());
            }
            String what = spec.substring(colon + 1).trim();
            if (what.startsWith("poison=")) {
                return new Fault(at, what, null, "", poison(spec, what.substring(7)), Optional.empty());
            }
            Optional<Lifecycle> life = Lifecycle.parse(what);
            if (life.isPresent()) {
                return new Fault(at, what, null, "", 0, life);
            }
            String[] parts = what.split("\\?", 2);
            ControlAction action;
            try {
                action = ControlAction.parse(parts[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fault " + spec + ": unknown action '" + parts[0]
                        + "'; actions: " + ACTIONS);
            }
            if (action == ControlAction.SHUTDOWN) {
                throw new IllegalArgumentException("--fault " + spec + ": shutdown ends the consumer the run is "
                        + "measuring; actions: " + ACTIONS);
            }
            String query = parts.length > 1 ? parts[1] : "";
            if ((action == ControlAction.STORE || action == ControlAction.POLICY) == query.isEmpty()) {
                throw new IllegalArgumentException("--fault " + spec + ": " + action.path() + (query.isEmpty()
                        ? " needs its settings after '?'" : " takes no settings") + "; actions: " + ACTIONS);
            }
            return new Fault(at, what, action, query, 0, Optional.empty());
        }

        private static int poison(String spec, String count) {
            int n;
            try {
                n = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("--fault " + spec + ": poison=N needs N from 1 to 10000");
            }
            return n;
        }

        boolean control() {
            return action != null;
        }

        boolean lifecycle() {
            return life.isPresent();
        }

        boolean groupChange() {
            return life.isPresent() && life.get().groupChange();
        }
    }

    private final List<Fault> faults;
    private final ConsumerProbe probe;
    private final ConsumerGroup group;
    private final Consumer<String> say;
    private final List<JsonObject> fired = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer;
    private long startNanos;

    /** @param group the consumers the load test started, or {@code null}: lifecycle faults act on them */
    FaultTimeline(List<Fault> faults, ConsumerProbe probe, ConsumerGroup group, Consumer<String> say) {
        this.faults = List.copyOf(faults);
        this.probe = probe;
        this.group = group;
        this.say = say;
        this.timer = faults.isEmpty() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faults");
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules every fault at its offset from {@code startNanos} (a {@link System#nanoTime()}); none: nothing. */
    void start(long startNanos) {
        this.startNanos = startNanos;
        if (faults.isEmpty()) {
            return;
        }
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            int n = i + 1;
            long delay = startNanos + f.at().toNanos() - System.nanoTime();
            timer.schedule(() -> fire(n, f), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
    }

    private void fire(int n, Fault f) {
        double t = (System.nanoTime() - startNanos) / 1e9;
        String outcome;
        boolean ok = true;
        try {
            if (f.lifecycle()) {
                outcome = lifecycle(f.life().get());
            } else if (f.control()) {
                probe.control(f.action(), f.query());
                outcome = "done";
            } else {
                outcome = "answered " + probe.postInvalid(f.poison());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            ok = false;
            outcome = "failed: " + e.getMessage();
        }
        fired.add(new JsonObject().put("n", n).put("t", round(t, 3)).put("at", f.at().toMillis() / 1000.0)
                .put("fault", f.text()).put("ok", ok).put("outcome", outcome));
        say.accept(String.format(Locale.ROOT, "fault %d at %.1f s: %s: %s", n, t, f.text(), outcome));
    }

    private String lifecycle(Lifecycle life) throws Exception {
        if (group == null) {
            throw new IllegalStateException("no consumer started by the load test to " + life.name().toLowerCase(
                    Locale.ROOT));
        }
        return switch (life) {
            case KILL -> group.first().kill();
            case TERM -> group.first().term();
            case RESTART -> group.first().restart();
            case JOIN -> group.join() + "; " + group.running() + " consumers in the group";
            case LEAVE -> group.leave() + "; " + group.running() + " consumers in the group";
        };
    }

    /** The faults that fired, in the order they did. */
    List<JsonObject> fired() {
        synchronized (fired) {
            return List.copyOf(fired);
        }
    }

    /** Cancels the faults not yet fired; waits (bounded) for one firing now. */
    @Override
    public void close() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
