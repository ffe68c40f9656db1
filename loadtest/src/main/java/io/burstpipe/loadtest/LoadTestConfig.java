package io.burstpipe.loadtest;

import static io.burstpipe.config.FlagChecks.requireBetween;
import static io.burstpipe.config.FlagChecks.requireRange;

import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.message.Message;
import io.burstpipe.profile.ProfileKind;
import io.burstpipe.profile.ProfileSettings;
import io.burstpipe.profile.Segment;
import io.burstpipe.transport.TransportKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checked settings of one {@code burstpipe loadtest}: built from its option mixins in {@link #check}, the one
 * place where flags are validated together; every error names the flag and what it allows. Immutable.
 */
public record LoadTestConfig(Target target, Shape shape, Send send, Judge judge, Optional<Backlog> backlog,
                               Optional<Search> findMax, Optional<SweepPlan> sweep) {

    /** Room find-max keeps in the producer id for "-warmup" or "-" and a rate of up to 11 digits. */
    static final int FIND_MAX_SUFFIX = 12;

    /**
     * @param consumer a burstpipe consumer to read {@code /stats} from (and pause), or empty for other targets
     */
    public record Target(TransportKind transport, String url, String path, Optional<String> consumer,
                         String controlToken, KafkaSettings kafka, Optional<List<String>> startConsumer) {

        /** Flags the load test sets on a consumer it starts. */
        static final List<String> STARTED_SETS = List.of("--port", "--store-dir", "--control-token");
        /** And on one that reads the Kafka target. */
        static final List<String> KAFKA_SETS = List.of("--transport", "--kafka-bootstrap", "--kafka-topic",
                "--kafka-partitions", "--kafka-group");

        static List<String> startedSets(TransportKind transport) {
            List<String> all = new ArrayList<>(STARTED_SETS);
            if (transport == TransportKind.KAFKA) {
                all.addAll(KAFKA_SETS);
            }
            return List.copyOf(all);
        }

        /** The flags of a consumer the load test starts: the user's, its control token, and for Kafka the topic. */
        List<String> startedFlags() {
            List<String> all = new ArrayList<>(startConsumer.orElseThrow());
            all.addAll(List.of("--control-token", controlToken));
            if (transport == TransportKind.KAFKA) {
                all.addAll(List.of("--transport", "kafka", "--kafka-bootstrap", kafka.bootstrap(), "--kafka-topic",
                        kafka.topic(), "--kafka-partitions", String.valueOf(kafka.partitions()), "--kafka-group",
                        kafka.group()));
            }
            return all;
        }

        /** The target once the consumer the load test started listens at {@code url}. */
        Target startedAt(String startedUrl) {
            return new Target(transport, startedUrl, path, Optional.of(startedUrl), controlToken, kafka,
                    startConsumer);
        }
    }

    /** These settings with the target the consumer the load test started listens at. */
    LoadTestConfig startedAt(String url) {
        return new LoadTestConfig(target.startedAt(url), shape, send, judge, backlog, findMax, sweep);
    }

    /**
     * @param duration how long to send; zero = until the profile, --messages or a stop ends it
     * @param segment  the share of the schedule this run sends
     * @param startAt  when to start, or empty for at once
     */
    public record Shape(ProfileSettings profile, long seed, Duration duration, long messages, Duration warmup,
                        Segment segment, Optional<Instant> startAt, List<FaultTimeline.Fault> faults) {
    }

    public record Send(int batchSize, Duration linger, int maxInflight, Duration requestTimeout,
                       Duration drainTimeout, String producerId) {
    }

    public record Judge(List<Threshold> thresholds, boolean abortOnFail, Path out) {
    }

    /** A backlog of {@code messages} (or of {@code duration} at the profile's rate) sent to a paused consumer. */
    public record Backlog(long messages, Duration duration) {
    }

    /** Find-max's criterion (the percentile under the bound, nothing lost) and its steps. */
    public record Search(Duration latencyBound, double percentile, Duration stepDuration, int maxSteps,
                         double precision) {
    }

    /** The knob a sweep turns, the settings it tries in order, and what it recommends for. */
    public record SweepPlan(String knob, List<String> values, Sweep.Goal goal) {

        /** The knobs a sweep can turn on a running consumer, and the values each takes. */
        static final List<String> OVERFLOW = List.of("block", "reject", "drop-newest", "drop-oldest");
        static final String QUEUE_CAPACITY = "queue-capacity";
        static final int MAX_QUEUE_CAPACITY = 1_000_000;
        /** Kafka pause/resume water marks, {@code PAUSE/RESUME}: the consumer's --pause-above and --resume-below. */
        static final String WATER_MARKS = "water-marks";

        /** The knob is set by starting the consumer again with the flag, not through its control endpoints. */
        boolean restarts() {
            return !knob.equals("overflow");
        }

        /** The consumer flags that set the knob (a knob that restarts). */
        List<String> flags() {
            return knob.equals(WATER_MARKS) ? List.of("--pause-above", "--resume-below") : List.of("--" + knob);
        }

        /** The consumer flags and values for one setting (a knob that restarts). */
        List<String> flagsFor(String value) {
            if (knob.equals(WATER_MARKS)) {
                String[] marks = value.split("/", 2);
                return List.of("--pause-above", marks[0], "--resume-below", marks[1]);
            }
            return List.of("--" + knob, value);
        }
    }

    /** @throws IllegalArgumentException naming the flag and what it allows */
    static LoadTestConfig check(TargetOptions t, ShapeOptions shape, SendOptions send, JudgeOptions judge,
                                  BacklogOptions backlog, FindMaxOptions search, SweepOptions sweep) {
        Optional<Backlog> b = backlog(backlog, send);
        Optional<Search> f = search(search);
        Shape sh = shape(shape);
        Judge j = judge(judge, RunMarks.of(sh));
        if (f.isPresent() && (b.isPresent() || !j.thresholds().isEmpty())) {
            throw new IllegalArgumentException("--find-max has its own criteria (--latency-bound, nothing lost); "
                    + "it does not combine with " + (b.isPresent() ? "a backlog test" : "--threshold"));
        }
        if (!sh.segment().whole() && (f.isPresent() || b.isPresent())) {
            throw new IllegalArgumentException("--segment cuts the schedule of one plain run; it does not combine "
                    + "with " + (f.isPresent() ? "--find-max" : "a backlog test"));
        }
        if (!sh.segment().whole() && send.sender.givenProducerId() == null && sh.startAt().isEmpty()) {
            throw new IllegalArgumentException("--segment needs --start-at or --producer-id, the same for every "
                    + "segment, so that together they send the ids of one run");
        }
        checkSpans(j, sh);
        Target target = target(t);
        if (b.isPresent() && (target.consumer().isEmpty() || target.controlToken() == null)) {
            throw new IllegalArgumentException("the backlog test pauses the consumer: it needs --consumer (a "
                    + "burstpipe consumer's URL) and --control-token");
        }
        if (!sh.faults().isEmpty()) {
            checkFaults(sh, target, f.isPresent() || b.isPresent());
        }
        Optional<SweepPlan> w = sweep == null ? Optional.empty() : sweep.plan(target);
        if (w.isPresent() && (f.isPresent() || b.isPresent() || !sh.segment().whole())) {
            throw new IllegalArgumentException("--sweep runs plain runs of the whole schedule; it does not combine "
                    + "with " + (f.isPresent() ? "--find-max" : b.isPresent() ? "a backlog test" : "--segment"));
        }
        if (w.isPresent() && w.get().knob().equals(SweepPlan.WATER_MARKS) != (target.transport()
                == TransportKind.KAFKA)) {
            throw new IllegalArgumentException(w.get().knob().equals(SweepPlan.WATER_MARKS)
                    ? "--sweep water-marks sets the pause/resume water marks of a consumer reading Kafka: it needs "
                    + "--transport kafka with --start-consumer"
                    : "--sweep " + w.get().knob() + " sets the HTTP intake of a burstpipe consumer: it needs "
                    + "--transport http (for Kafka, sweep water-marks=PAUSE/RESUME,...)");
        }
        if (w.isPresent() && (target.consumer().isEmpty() || target.controlToken() == null)) {
            throw new IllegalArgumentException("--sweep switches a burstpipe consumer's settings through its control "
                    + "endpoints: it needs an HTTP target with --consumer (default: the target) and --control-token");
        }
        return new LoadTestConfig(target, sh, send(send, f.isPresent() || w.isPresent(), sh), j, b, f, w);
    }

    /** A span threshold must lie in the measured part of the run: after the warm-up, within --duration. */
    private static void checkSpans(Judge j, Shape sh) {
        for (Threshold th : j.thresholds()) {
            if (th.span().isEmpty()) {
                continue;
            }
            Threshold.Span span = th.span().get();
            if (span.from() * 1000 < sh.warmup().toMillis()) {
                throw new IllegalArgumentException("--threshold '" + th.text() + "': the span starts inside the "
                        + "warm-up (" + Console.human(sh.warmup()) + "), whose seconds are not judged");
            }
            if (!sh.duration().isZero() && span.to() * 1000 > sh.duration().toMillis()) {
                throw new IllegalArgumentException("--threshold '" + th.text() + "': the span ends after --duration ("
                        + Console.human(sh.duration()) + ")");
            }
        }
    }

    private static void checkFaults(Shape sh, Target target, boolean otherMode) {
        if (otherMode) {
            throw new IllegalArgumentException("--fault times faults in a plain run (or each run of a sweep); it "
                    + "does not combine with --find-max or a backlog test");
        }
        Optional<FaultTimeline.Fault> life = sh.faults().stream().filter(FaultTimeline.Fault::lifecycle).findFirst();
        if (life.isPresent() && target.startConsumer().isEmpty()) {
            throw new IllegalArgumentException("--fault " + life.get().text() + " acts on a consumer the load test "
                    + "started: add --start-consumer \"FLAGS\" (the consumer's flags)");
        }
        if (target.consumer().isEmpty()) {
            throw new IllegalArgumentException("--fault acts on a burstpipe consumer: it needs --consumer (default: "
                    + "the HTTP target)");
        }
        checkGroupChanges(sh.faults(), target);
        if (target.controlToken() == null && sh.faults().stream().anyMatch(FaultTimeline.Fault::control)) {
            throw new IllegalArgumentException("--fault " + sh.faults().stream().filter(FaultTimeline.Fault::control)
                    .findFirst().orElseThrow().text() + " goes through the consumer's control endpoints: it needs "
                    + "--control-token");
        }
        if (!sh.duration().isZero() && sh.faults().get(sh.faults().size() - 1).at().compareTo(sh.duration()) >= 0) {
            throw new IllegalArgumentException("--fault at " + Console.human(sh.faults().get(sh.faults().size() - 1)
                    .at()) + " is not within --duration (" + Console.human(sh.duration()) + ")");
        }
    }

    /** Join and leave change a Kafka group the load test started; a leave needs a member a join started. */
    private static void checkGroupChanges(List<FaultTimeline.Fault> faults, Target target) {
        int joined = 0;
        for (FaultTimeline.Fault f : faults) {
            if (!f.groupChange()) {
                continue;
            }
            if (target.transport() != TransportKind.KAFKA) {
                throw new IllegalArgumentException("--fault " + f.text() + " changes the consumer group of a Kafka "
                        + "target: it needs --transport kafka (with --start-consumer)");
            }
            if (f.life().orElseThrow() == FaultTimeline.Lifecycle.JOIN) {
                joined++;
            } else if (joined-- == 0) {
                throw new IllegalArgumentException("--fault " + Console.human(f.at()) + ":leave stops a consumer a "
                        + "join fault started, and none has joined by then (the first consumer is the one looked "
                        + "inside: stop it with term or kill)");
            }
        }
    }

    private static Target target(TargetOptions t) {
        TransportKind transport = switch (t.transport) {
            case "http" -> TransportKind.HTTP;
            case "kafka" -> TransportKind.KAFKA;
            case "noop" -> TransportKind.NOOP;
            default -> throw new IllegalArgumentException("--transport must be http, kafka or noop (was '"
                    + t.transport + "')");
        };
        if (t.startConsumer != null) {
            return t.started(transport);
        }
        String base = (t.target != null ? t.target : TargetOptions.DEFAULT_TARGET).replaceAll("/+$", "");
        if (transport == TransportKind.HTTP) {
            requireUrl("--target", base);
            if (!t.path.startsWith("/")) {
                throw new IllegalArgumentException("--path must start with / (was '" + t.path + "')");
            }
        }
        String consumer = t.consumer != null ? t.consumer : transport == TransportKind.HTTP ? base : "none";
        if (!consumer.equals("none")) {
            requireUrl("--consumer", consumer);
        }
        return new Target(transport, base, t.path, consumer.equals("none") ? Optional.empty() : Optional.of(consumer),
                t.controlToken, t.kafkaOptions.toSettings(), Optional.empty());
    }

    private static Shape shape(ShapeOptions s) {
        if (s.messages < 0) {
            throw new IllegalArgumentException("--messages must be >= 0");
        }
        ProfileSettings profile = s.profileOptions.toSpec();
        Duration length = s.duration != null ? s.duration
                : profile.kind() == ProfileKind.STAGES ? Duration.ZERO : Duration.ofSeconds(30);
        if (!length.isZero() && s.warmup.compareTo(length) >= 0) {
            throw new IllegalArgumentException("--warmup (" + Console.human(s.warmup) + ") must be shorter "
                    + "than --duration (" + Console.human(length) + ")");
        }
        Segment segment;
        try {
            segment = Segment.parse(s.segment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--segment: " + e.getMessage());
        }
        List<FaultTimeline.Fault> faults = new ArrayList<>();
        for (String f : s.faults) {
            faults.add(FaultTimeline.Fault.parse(f));
        }
        faults.sort(java.util.Comparator.comparing(FaultTimeline.Fault::at));
        return new Shape(profile, s.seedOption.seed(), length, s.messages, s.warmup, segment,
                s.startAt == null ? Optional.empty() : Optional.of(StartAt.parse(s.startAt, Instant.now())),
                List.copyOf(faults));
    }

    private static Send send(SendOptions s, boolean findMax, Shape shape) {
        requireRange("--batch-size", s.batchSize, 1, 100_000);
        requireRange("--max-inflight", s.maxInflight, 1, 4096);
        if (s.linger.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("--linger must be between 0 and 10s (was " + s.linger + ")");
        }
        requireBetween("--request-timeout", s.sender.requestTimeout(), Duration.ofMillis(100), Duration.ofMinutes(10));
        requireBetween("--drain-timeout", s.drain.drainTimeout(), Duration.ofSeconds(1), Duration.ofHours(1));
        // segments of one run share an id without being told one: the start they share names the run
        String id = s.sender.givenProducerId() == null && !shape.segment().whole()
                ? "lt-" + Long.toString(shape.startAt().orElseThrow().getEpochSecond(), 36)
                : s.sender.producerId("lt-");
        // find-max names its runs <id>-warmup and <id>-<rate>
        Message.requireProducerId("--producer-id", id, findMax ? FIND_MAX_SUFFIX : 0);
        return new Send(s.batchSize, s.linger, s.maxInflight, s.sender.requestTimeout(), s.drain.drainTimeout(), id);
    }

    private static Judge judge(JudgeOptions j, RunMarks marks) {
        List<Threshold> parsed = new ArrayList<>();
        for (String t : j.thresholds) {
            parsed.add(Threshold.parse(t, marks));
        }
        Path dir = j.out != null ? j.out : defaultOut("");
        return new Judge(List.copyOf(parsed), j.abortOnFail, dir);
    }

    /** {@code loadtest-results/<prefix><date-time>}: where results go unless --out says otherwise. */
    static Path defaultOut(String prefix) {
        return Path.of("loadtest-results", prefix + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private static Optional<Backlog> backlog(BacklogOptions b, SendOptions send) {
        if (b.backlogMessages < 0) {
            throw new IllegalArgumentException("--backlog-messages must be >= 0");
        }
        if (b.backlogMessages > 0 && !b.backlogDuration.isZero()) {
            throw new IllegalArgumentException("give --backlog-messages or --backlog-duration, not both");
        }
        return b.backlogMessages > 0 || !b.backlogDuration.isZero()
                ? Optional.of(new Backlog(b.backlogMessages, b.backlogDuration)) : Optional.empty();
    }

    private static Optional<Search> search(FindMaxOptions f) {
        requireRange("--max-steps", f.maxSteps, 1, 100);
        if (!(f.latencyPercentile > 0 && f.latencyPercentile < 100)) {
            throw new IllegalArgumentException("--latency-percentile must be above 0 and below 100 (was "
                    + f.latencyPercentile + ")");
        }
        if (!(f.precision > 0 && f.precision < 1)) {
            throw new IllegalArgumentException("--precision must be above 0 and below 1 (was " + f.precision + ")");
        }
        if (f.stepDuration.isZero() || f.latencyBound.isZero()) {
            throw new IllegalArgumentException("--step-duration and --latency-bound must be > 0");
        }
        return f.findMax ? Optional.of(new Search(f.latencyBound, f.latencyPercentile, f.stepDuration, f.maxSteps,
                f.precision)) : Optional.empty();
    }

    private static void requireUrl(String flag, String url) {
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " must be an http(s) URL such as http://127.0.0.1:8080 (was '"
                    + url + "')");
        }
    }
}
