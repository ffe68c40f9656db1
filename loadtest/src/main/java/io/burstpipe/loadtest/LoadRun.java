package io.burstpipe.loadtest;

import io.burstpipe.api.ConsumerStats;
import io.burstpipe.api.ControlAction;
import io.burstpipe.flow.Event;
import io.burstpipe.transport.Transport;
import io.burstpipe.profile.ProfileSettings;
import io.burstpipe.profile.RateProfile;
import io.burstpipe.profile.Segment;
import io.burstpipe.profile.StagesProfile;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One load-test run: the open-model generator against a transport on a thread of its own, and a monitor loop that
 * reads the generator's counters, the consumer's {@code /stats} and the group's lag once per turn, lets
 * {@link RunMonitor} decide, and does what it says: a progress line and a series point every second, early abort
 * on a failed threshold, the drain of what is in flight, and the figures at the end.
 *
 * <p>With {@code backlog} the consumer is paused (control endpoint) while the messages are sent, then resumed, and
 * the drain is timed: OpenMessaging Benchmark's backlog build-and-drain.
 */
public final class LoadRun {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * @param label        name of the run in the report ("run", or "step 3 at 4000 msgs/s")
     * @param duration     how long to send; zero = until the profile, --messages or a stop ends it
     * @param messages     stop after this many; {@link Long#MAX_VALUE} for no limit
     * @param warmup       results leave out messages intended before this
     * @param backlog      pause the consumer while sending, then resume and time the drain
     * @param segment      the share of the schedule to send
     * @param startAt      a wall-clock time to wait for before starting, or empty
     * @param faults       what to do to the consumer when, from the run's start
     */
    public record Options(String label, String producerId, ProfileSettings spec, long seed, Duration duration,
                          long messages, Duration warmup, int batchSize, Duration linger, int maxInflight,
                          Duration drainTimeout, List<Threshold> thresholds, boolean abortOnFail, boolean backlog,
                          Segment segment, Optional<Instant> startAt, List<FaultTimeline.Fault> faults) {

        /** Without faults. */
        public Options(String label, String producerId, ProfileSettings spec, long seed, Duration duration,
                       long messages, Duration warmup, int batchSize, Duration linger, int maxInflight,
                       Duration drainTimeout, List<Threshold> thresholds, boolean abortOnFail, boolean backlog,
                       Segment segment, Optional<Instant> startAt) {
            this(label, producerId, spec, seed, duration, messages, warmup, batchSize, linger, maxInflight,
                    drainTimeout, thresholds, abortOnFail, backlog, segment, startAt, List.of());
        }

        /** When the generator stops: after the duration (if any), at the end of the stages (if any). */
        long endNanos(long start, RateProfile profile) {
            long end = duration.isZero() ? Long.MAX_VALUE : start + duration.toNanos();
            return profile instanceof StagesProfile stages ? Math.min(end, start + stages.totalNanos()) : end;
        }

        /** The whole schedule, at once. */
        public Options(String label, String producerId, ProfileSettings spec, long seed, Duration duration,
                       long messages, Duration warmup, int batchSize, Duration linger, int maxInflight,
                       Duration drainTimeout, List<Threshold> thresholds, boolean abortOnFail, boolean backlog) {
            this(label, producerId, spec, seed, duration, messages, warmup, batchSize, linger, maxInflight,
                    drainTimeout, thresholds, abortOnFail, backlog, Segment.WHOLE, Optional.empty());
        }

        /** A steady run of {@code length} at {@code rate}, judged by no threshold: a warm-up, or a find-max step. */
        public static Options steady(String label, String producerId, double rate, long seed, Duration length,
                                     Duration warmup, int batchSize, Duration linger, int maxInflight,
                                     Duration drainTimeout) {
            return new Options(label, producerId, ProfileSettings.steady(rate), seed, length, Long.MAX_VALUE, warmup,
                    batchSize, linger, maxInflight, drainTimeout, List.of(), false, false);
        }
    }

    /** One threshold's outcome. */
    public record Verdict(Threshold threshold, boolean passed, String explanation) {
    }

    /** Everything the run measured, for the summary and the reports. */
    public record Result(Options options, String profile, long startedAtMillis, Measures measures, long requests,
                         long bytes, long errorRequests, long unanswered, double sendSeconds, double measuredSeconds,
                         List<JsonObject> series, long storedDelta, List<Verdict> verdicts, String aborted,
                         List<ConsumerStats> consumerWindow, Optional<ConsumerStats> consumerAtResume,
                         long drainMillis, JsonObject backlog, String lastError,
                         long delayedAll, String latencyLog, List<JsonObject> faults) {

        public boolean passed() {
            return aborted == null && verdicts.stream().allMatch(Verdict::passed);
        }

        public double mbPerSec() {
            return sendSeconds <= 0 ? 0 : bytes / 1e6 / sendSeconds;
        }
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Options options;
    private final Transport transport;
    private final ConsumerProbe probe;
    private final GroupLag lag;
    private final PrintStream out;
    private final Event stop;
    private ConsumerGroup group;
    /** With {@link #group}: its stores' count of this run's producer before the run, or -1. */
    private long storeCountBefore = -1;
    /** A segment's own ids the consumer held at the start (its count ignores the other segments' sends). */
    private OptionalLong segmentStoredBefore = OptionalLong.empty();
    /** The windowed thresholds, judged each second after the warm-up. */
    private final WindowJudge windows;

    public LoadRun(Options options, Transport transport, ConsumerProbe probe, GroupLag lag, PrintStream out,
                   Event stop) {
        this.options = options;
        this.transport = transport;
        this.probe = probe;
        this.lag = lag;
        this.out = out;
        this.stop = stop;
        this.windows = new WindowJudge(options.thresholds());
    }

    /**
     * The consumer processes the load test started, for the lifecycle faults; the loss check then counts what their
     * stores hold of this run's producer, which survives the restarts that reset {@code /stats}. The members join
     * faults started are stopped at the end of the run.
     */
    LoadRun startedConsumers(ConsumerGroup consumers) {
        this.group = consumers;
        return this;
    }

    private static final java.time.Duration GENERATOR_GRACE = java.time.Duration.ofSeconds(5);

    public Result run() throws InterruptedException {
        LoadStats stats = new LoadStats();
        RateProfile profile = options.spec().toProfile();
        if (options.startAt().isPresent()) {
            StartAt.await(options.startAt().get(), options.segment(), stop, line -> say("%s", line));
        }
        if (lag != null) {
            lag.markStart();
        }
        if (group != null) {
            storeCountBefore = group.stored(options.producerId()).orElse(-1);
        } else if (probe != null && !options.segment().whole()) {
            segmentStoredBefore = probe.storedIn(options.producerId(), options.segment());
        }
        if (options.backlog()) {
            probe.control(ControlAction.PAUSE);
            say("consumer paused; sending the backlog");
        }
        long lead = StartAt.leadNanos(options.startAt());
        long start = System.nanoTime() + lead;
        long startedAtMillis = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(lead);
        long warmupNanos = options.warmup().toNanos();
        OpenLoop loop = new OpenLoop(new OpenLoop.Config(options.producerId(), options.spec().schedule(options.seed()),
                options.seed(), start, options.endNanos(start, profile), options.messages(), warmupNanos, options.batchSize(),
                options.linger().toNanos(), options.maxInflight(), options.segment()), transport, stats, OpenLoop.SYSTEM);
        loop.start();
        RunMonitor monitor = new RunMonitor(start, warmupNanos, options.drainTimeout().toNanos(),
                options.maxInflight(), options.backlog(), options.abortOnFail(), probe != null, lag != null);
        RunSeries series = new RunSeries(profile, options.segment().share(), start, startedAtMillis, options.label(),
                out, lag != null);
        List<JsonObject> faults = new ArrayList<>();
        String gaveUp = watchWithFaults(monitor, series, loop, stats, profile, start, faults);
        loop.initiateShutdown();
        if (!loop.awaitShutdown(GENERATOR_GRACE)) {
            say("the load generator did not stop within %s", Console.human(GENERATOR_GRACE));
        }
        series.finish(stats);
        loop.failure().ifPresent(e -> monitor.abort("the load generator failed: " + e));
        if (options.backlog() && monitor.resumedAtNanos() < 0) {
            probe.control(ControlAction.RESUME);
        }
        if (gaveUp != null) {
            say("drain: gave up after %s; %s", Console.human(options.drainTimeout()), gaveUp);
        }
        return result(monitor, series, stats, profile, start, startedAtMillis, faults);
    }

    /** {@link #watch} with the faults firing at their times meanwhile; {@code fired} gets those that did. */
    private String watchWithFaults(RunMonitor monitor, RunSeries series, OpenLoop loop, LoadStats stats,
                                   RateProfile profile, long start, List<JsonObject> fired)
            throws InterruptedException {
        try (FaultTimeline timeline = new FaultTimeline(options.faults(), probe, group, line -> say("%s", line))) {
            timeline.start(start);
            String gaveUp = watch(monitor, series, loop, stats, profile, start);
            fired.addAll(timeline.fired());
            return gaveUp;
        }
    }

    /** The monitor loop: one reading per turn, the monitor's decisions carried out. Returns why the drain gave up. */
    private String watch(RunMonitor monitor, RunSeries series, OpenLoop loop, LoadStats stats,
                         RateProfile profile, long start) throws InterruptedException {
        while (true) {
            RunMonitor.Reading reading = read(loop, stats);
            RunMonitor.Turn turn = monitor.turn(reading);
            if (turn.stopGenerator()) {
                loop.initiateShutdown();
            }
            turn.resume().ifPresent(this::resume);
            if (turn.sampleCurve()) {
                series.sampleBacklog(reading, monitor.before());
            }
            if (turn.tick().isPresent()) {
                RunMonitor.Tick tick = turn.tick().get();
                Histogram second = series.tick(tick, reading, loop.inflightRequests(), stats);
                if (windows.any() && tick.phase() != RunMonitor.Phase.WARMUP) {
                    RunMonitor.Counters now = tick.now();
                    RunMonitor.Counters before = tick.previous();
                    windows.add(new WindowJudge.Second(tick.t(), second, now.sent() - before.sent(),
                            now.errored() - before.errored(), now.delayed() - before.delayed(),
                            now.dropped() - before.dropped()));
                }
                if (turn.checkAbort()) {
                    abortIfFailing(monitor, stats, profile, start, reading.nowNanos());
                }
            }
            if (turn.finished()) {
                return turn.gaveUp().orElse(null);
            }
            long sleep = Math.min(POLL_NANOS, Math.max(0, monitor.nextTickNanos() - System.nanoTime()));
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
    }

    private void resume(RunMonitor.Resume resume) {
        probe.control(ControlAction.RESUME);
        say("%d messages waiting; consumer resumed%s", resume.waiting(), !resume.heldUp() ? ""
                : String.format(Locale.ROOT, " before the whole backlog was sent: the sender was held up "
                + "(%d requests of up to %d messages in flight; the consumer holds its queue and its "
                + "requests in flight): raise --max-inflight/--batch-size and the consumer's "
                + "--queue-capacity", options.maxInflight(), options.batchSize()));
    }

    /** A threshold judged early that already fails aborts the run (--abort-on-fail). */
    private void abortIfFailing(RunMonitor monitor, LoadStats stats, RateProfile profile, long start, long now) {
        Optional<String> window = windows.firstFailure();
        if (window.isPresent()) {
            monitor.abort("threshold failed: " + window.get());
            say("aborting: %s", monitor.aborted());
            return;
        }
        Measures m = Measures.of(stats, start, options.warmup().toNanos(), now, profile, options.segment());
        for (Threshold th : options.thresholds()) {
            if (!th.windowed() && th.judgedEarly() && !th.holds(m)) {
                monitor.abort("threshold failed: " + th.explain(m));
                say("aborting: %s", monitor.aborted());
                return;
            }
        }
    }

    /** The consumer's {@code /stats} and the group's lag, read once per turn however many decisions need them. */
    private RunMonitor.Reading read(OpenLoop loop, LoadStats stats) {
        // done first: once it is set, the counters read after it include everything the generator sent
        boolean generatorDone = loop.done().isSet();
        RunMonitor.Counters counters = new RunMonitor.Counters(stats.sent.sum(), stats.acked.sum(),
                stats.errored.sum(), stats.delayed.sum(), stats.dropped.sum(), stats.outstanding());
        Optional<ConsumerStats> consumer = probe == null ? Optional.empty() : probe.stats();
        OptionalLong groupLag = lag == null ? OptionalLong.empty() : lag.lag();
        return new RunMonitor.Reading(System.nanoTime(), counters, loop.inflightRequests(), generatorDone,
                loop.doneNanos(), stop.isSet(), consumer, groupLag);
    }

    private Result result(RunMonitor monitor, RunSeries series, LoadStats stats, RateProfile profile, long start,
                          long startedAtMillis, List<JsonObject> faults) throws InterruptedException {
        long sendEnd = monitor.sendEndNanos() >= 0 ? monitor.sendEndNanos() : System.nanoTime();
        long drained = monitor.drainedNanos();
        Optional<ConsumerStats> after = probe == null ? Optional.empty() : probe.stats();
        long storedBefore = monitor.before().map(s -> s.messages().stored()).orElse(-1L);
        long storedAfter = after.map(s -> s.messages().stored()).orElse(-1L);
        long storedDelta = storedBefore < 0 || storedAfter < 0 ? -1 : storedAfter - storedBefore;
        if (group == null && probe != null && !options.segment().whole()) {
            // segments of one run share a producer id and a consumer, and end at nearly the same time: the consumer's
            // total grows with the others' sends, so a segment counts only its own sequence numbers
            OptionalLong own = probe.storedIn(options.producerId(), options.segment());
            storedDelta = own.isPresent() && segmentStoredBefore.isPresent()
                    ? own.getAsLong() - segmentStoredBefore.getAsLong() : -1;
        }
        if (group != null) {
            long storeCountAfter = storedAfterRun();
            storedDelta = storeCountBefore < 0 || storeCountAfter < 0 ? -1 : storeCountAfter - storeCountBefore;
        }
        long warmupNanos = options.warmup().toNanos();
        Measures measures = Measures.of(stats, start, warmupNanos, sendEnd, profile, options.segment());
        List<Verdict> verdicts = new ArrayList<>();
        List<Verdict> windowed = windows.verdicts();
        for (Threshold th : options.thresholds()) {
            verdicts.add(th.windowed() ? windowed.stream().filter(v -> v.threshold() == th).findFirst().orElseThrow()
                    : new Verdict(th, th.holds(measures), th.explain(measures)));
        }
        JsonObject backlog = options.backlog() ? BacklogMode.evidence(monitor, series, stats, storedAfter) : null;
        long drainMillis = drained < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(drained - sendEnd);
        return new Result(options, profile.describe(), startedAtMillis, measures, stats.requests.sum(),
                stats.bytes.sum(), stats.errorRequests.sum(), stats.outstanding(), Math.max(0, sendEnd - start) / 1e9,
                Math.max(0, sendEnd - start - warmupNanos) / 1e9, series.points(), storedDelta, verdicts,
                monitor.aborted(), monitor.window(after), monitor.atResume(), drainMillis, backlog,
                stats.lastError, stats.delayed.sum(), series.latencyLog(), faults);
    }

    /** The group's count of the run's producer once the members joins started have stopped (they drain first). */
    private long storedAfterRun() throws InterruptedException {
        try {
            group.stopJoined();
        } catch (Exception e) {
            say("stopping the consumers that joined: %s", e.getMessage());
        }
        Optional<ConsumerGroup.Count> count = group.count(options.producerId());
        if (group.grew()) {
            say("group: the consumers' stores hold %s of this run's ids together (each once): %s",
                    count.map(c -> String.valueOf(c.together())).orElse("an unknown number"),
                    count.map(ConsumerGroup.Count::text).orElse("a store could not be read"));
        }
        return count.map(ConsumerGroup.Count::together).orElse(-1L);
    }

    private void say(String format, Object... args) {
        out.println(LocalTime.now().format(CLOCK) + ": " + options.label() + ": " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
