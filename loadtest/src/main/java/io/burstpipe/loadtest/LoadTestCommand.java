package io.burstpipe.loadtest;

import io.burstpipe.transport.NoopTransport;
import static io.burstpipe.loadtest.Report.round;

import io.burstpipe.cli.DurationConverter;
import io.burstpipe.cli.ProfileOptions;
import io.burstpipe.cli.Signals;
import io.burstpipe.message.Message;
import io.burstpipe.flow.Event;
import io.burstpipe.cli.KafkaOptions;
import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.kafka.KafkaTopics;
import io.burstpipe.transport.HttpTransport;
import io.burstpipe.transport.KafkaTransport;
import io.burstpipe.transport.Transport;
import io.burstpipe.profile.ProfileSpec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code burstpipe loadtest}: open-model load against a consumer, with honest latency, thresholds and reports. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-tests a consumer: messages go out at the intended times of a seeded rate profile whether "
                + "or not earlier ones were answered (open model), latency is measured from the intended send time "
                + "(no coordinated omission), and the run ends with a summary, a loss check, result.json and a "
                + "self-contained report.html.",
                "Targets: a burstpipe consumer over HTTP (default), any HTTP endpoint that takes our JSON batches "
                        + "(--path), or a Kafka topic (--transport kafka; the group's lag is watched).",
                "Every flag can also be set by an environment variable: --target is BURSTPIPE_TARGET.", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the run passed its thresholds (--find-max: a sustainable rate was found)",
                "1:the target could not be reached, the backlog did not drain, or no find-max step passed",
                "2:bad arguments or profile file", "99:a threshold failed (or aborted the run)"})
public final class LoadTestCommand implements Callable<Integer> {

    public static final int THRESHOLDS_FAILED = 99;
    /** Room find-max keeps in the producer id for "-warmup" or "-" and a rate of up to 11 digits. */
    static final int FIND_MAX_SUFFIX = 12;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Option(names = "--transport", defaultValue = "http", paramLabel = "KIND",
            description = "http (POST batches to --target), kafka (records to --kafka-topic), or noop (answers at "
                    + "once: measures the generator). Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--target", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "Base URL of the HTTP target. Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--path", defaultValue = "/messages", paramLabel = "PATH",
            description = "Path the batches are POSTed to (JSON arrays of messages). Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = "--consumer", paramLabel = "URL|none",
            description = "A burstpipe consumer's base URL, read for queue depth, stored count and store figures "
                    + "(/stats) and paused for the backlog test (/control). Default: --target with http, none "
                    + "otherwise.")
    String consumer;

    @Option(names = "--control-token", paramLabel = "TOKEN",
            description = "Bearer token of the consumer's control endpoints (its --control-token); needed by the "
                    + "backlog test.")
    String controlToken;

    @Mixin
    KafkaOptions kafkaOptions;

    @Option(names = "--profile-file", paramLabel = "FILE",
            description = "YAML or JSON file with the load shape (keys as the flags without dashes, stages and "
                    + "thresholds as lists); flags on the command line override it.")
    Path profileFile;

    @Mixin
    ProfileOptions profileOptions;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seeds arrivals and values: the same seed replays the same run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to send; 0 = until the profile ends (stages), --messages, or Ctrl-C. "
                    + "Default: 30s, or until the stages end with --profile stages.")
    Duration duration;

    @Option(names = "--messages", defaultValue = "0", paramLabel = "N",
            description = "Stop after N messages (0 = no limit). Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--warmup", defaultValue = "0", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Leave messages intended in this first span out of the results (they are still sent and "
                    + "counted in the loss check). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--batch-size", defaultValue = "10", paramLabel = "N",
            description = "Most messages per request, 1..100000. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--linger", defaultValue = "2ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Longest a message waits for others to share its request, 0..10s. Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Option(names = "--max-inflight", defaultValue = "64", paramLabel = "N",
            description = "Requests out at once, 1..4096; beyond it sends wait and count as delayed. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxInflight;

    @Option(names = "--request-timeout", defaultValue = "30s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Per request. Default: ${DEFAULT-VALUE}.")
    Duration requestTimeout;

    @Option(names = "--drain-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "After sending: bound on waiting for answers, the consumer's queue and the group's lag "
                    + "to empty. Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    @Option(names = "--threshold", paramLabel = "EXPR",
            description = "Pass/fail condition, repeatable: p99<250ms, p99.9<1s, max<2s, service-p99<50ms, loss==0, "
                    + "error_rate<1%%, rate>=0.99*target. A failed one makes the exit status 99.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--abort-on-fail",
            description = "Stop the run as soon as a threshold (other than rate) fails, judged every second after "
                    + "the warm-up.")
    boolean abortOnFail;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for result.json and report.html. Default: loadtest-results/<date-time>.")
    Path out;

    @Option(names = "--producer-id", paramLabel = "NAME",
            description = "Name in every message id; default: lt-<a fresh run id>, so ids never collide with "
                    + "earlier runs.")
    String producerId;

    @Option(names = "--backlog-messages", paramLabel = "N", defaultValue = "0",
            description = "Backlog test: pause the consumer, send N messages at --rate (requests filled up to "
                    + "--batch-size), resume, and time the drain. Over HTTP the consumer holds at most its queue and "
                    + "its requests in flight: size its --queue-capacity for N.")
    long backlogMessages;

    @Option(names = "--backlog-duration", paramLabel = "TIME", defaultValue = "0", converter = DurationConverter.class,
            description = "Backlog test sized by time: --rate for this long while the consumer is paused.")
    Duration backlogDuration;

    @Option(names = "--find-max",
            description = "Search for the highest steady rate with the latency bound held and nothing lost, "
                    + "starting at --rate.")
    boolean findMax;

    @Option(names = "--latency-bound", defaultValue = "500ms", converter = DurationConverter.class,
            paramLabel = "TIME", description = "--find-max: bound on the latency percentile. Default: ${DEFAULT-VALUE}.")
    Duration latencyBound;

    @Option(names = "--latency-percentile", defaultValue = "99", paramLabel = "P",
            description = "--find-max: the percentile held under the bound, 0 < P < 100. Default: ${DEFAULT-VALUE}.")
    double latencyPercentile;

    @Option(names = "--step-duration", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "--find-max: length of each step (the first fifth, at most 2 s, is warm-up; an unjudged "
                    + "warm-up step at --rate comes first). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration stepDuration;

    @Option(names = "--max-steps", defaultValue = "12", paramLabel = "N",
            description = "--find-max: most steps, 1..100. Default: ${DEFAULT-VALUE}.")
    int maxSteps;

    @Option(names = "--precision", defaultValue = "0.05", paramLabel = "FRACTION",
            description = "--find-max: stop when the best pass and the lowest failure are this close. "
                    + "Default: ${DEFAULT-VALUE}.")
    double precision;

    private PrintStream stdout = System.out;

    /** Where the output goes (tests capture it). */
    public LoadTestCommand output(PrintStream out) {
        this.stdout = out;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Set<String> fromFile = profileFile == null ? Set.of() : applyProfileFile();
        Settings checked;
        try {
            checked = settings();
        } catch (ParameterException e) {
            // a bad value the file gave: say where it came from
            if (fromFile.stream().anyMatch(flag -> e.getMessage().startsWith(flag + " "))) {
                throw new ParameterException(spec.commandLine(), "profile file " + profileFile + ": " + e.getMessage());
            }
            throw e;
        }
        return execute(checked);
    }

    /**
     * The file's settings for every option the command line did not give (flags win; the file wins over the
     * environment and the defaults). The file is parsed as flags of a command of its own, so its values go through
     * the same converters and errors name the file.
     *
     * @return the flags whose values came from the file
     */
    private Set<String> applyProfileFile() {
        List<String> args;
        try {
            args = ProfileFile.toArgs(profileFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CommandLine file = new CommandLine(new LoadTestCommand());
        try {
            file.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), "profile file " + profileFile + ": " + e.getMessage());
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        Set<String> applied = new java.util.HashSet<>();
        for (CommandLine.Model.OptionSpec option : file.getCommandSpec().options()) {
            CommandLine.Model.OptionSpec mine = spec.findOption(option.longestName());
            if (file.getParseResult().hasMatchedOption(option) && !given.hasMatchedOption(mine)) {
                mine.setValue(option.getValue());
                applied.add(option.longestName());
            }
        }
        return applied;
    }

    private int execute(Settings s) throws Exception {
        Event stop = new Event();
        Vertx vertx = Vertx.vertx();
        try (Signals.Registration signals = Signals.onStop(name -> stop.set())) {
            return run(vertx, s, stop);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The flags checked together, with the errors naming the flag. */
    private record Settings(String transport, String target, Duration duration, ProfileSpec spec, String consumer,
                            KafkaSettings kafka, List<Threshold> thresholds, String producerId, Path out,
                            boolean backlog) {
    }

    private Settings settings() {
        try {
            if (!List.of("http", "kafka", "noop").contains(transport)) {
                throw new IllegalArgumentException("--transport must be http, kafka or noop (was '" + transport + "')");
            }
            requireRange("--batch-size", batchSize, 1, 100_000);
            requireRange("--max-inflight", maxInflight, 1, 4096);
            requireRange("--max-steps", maxSteps, 1, 100);
            if (messages < 0 || backlogMessages < 0) {
                throw new IllegalArgumentException((messages < 0 ? "--messages" : "--backlog-messages")
                        + " must be >= 0");
            }
            if (linger.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("--linger must be between 0 and 10s (was " + linger + ")");
            }
            if (!(latencyPercentile > 0 && latencyPercentile < 100)) {
                throw new IllegalArgumentException("--latency-percentile must be above 0 and below 100 (was "
                        + latencyPercentile + ")");
            }
            if (!(precision > 0 && precision < 1)) {
                throw new IllegalArgumentException("--precision must be above 0 and below 1 (was " + precision + ")");
            }
            if (requestTimeout.isZero() || drainTimeout.isZero() || stepDuration.isZero() || latencyBound.isZero()) {
                throw new IllegalArgumentException("--request-timeout, --drain-timeout, --step-duration and "
                        + "--latency-bound must be > 0");
            }
            ProfileSpec profile = profileOptions.toSpec();
            Duration length = duration != null ? duration
                    : profile.kind() == io.burstpipe.profile.ProfileKind.STAGES ? Duration.ZERO : Duration.ofSeconds(30);
            if (!length.isZero() && warmup.compareTo(length) >= 0) {
                throw new IllegalArgumentException("--warmup (" + human(warmup) + ") must be shorter than --duration ("
                        + human(length) + ")");
            }
            List<Threshold> parsed = new ArrayList<>();
            for (String t : thresholds) {
                parsed.add(Threshold.parse(t));
            }
            boolean backlog = backlogMessages > 0 || !backlogDuration.isZero();
            if (backlogMessages > 0 && !backlogDuration.isZero()) {
                throw new IllegalArgumentException("give --backlog-messages or --backlog-duration, not both");
            }
            if (findMax && (backlog || !parsed.isEmpty())) {
                throw new IllegalArgumentException("--find-max has its own criteria (--latency-bound, nothing lost); "
                        + "it does not combine with " + (backlog ? "a backlog test" : "--threshold"));
            }
            String base = target.replaceAll("/+$", "");
            if (transport.equals("http")) {
                requireUrl("--target", base);
                if (!path.startsWith("/")) {
                    throw new IllegalArgumentException("--path must start with / (was '" + path + "')");
                }
            }
            String consumerUrl = consumer != null ? consumer : transport.equals("http") ? base : "none";
            if (consumerUrl.equals("none")) {
                consumerUrl = null;
            } else {
                requireUrl("--consumer", consumerUrl);
            }
            if (backlog && (consumerUrl == null || controlToken == null)) {
                throw new IllegalArgumentException("the backlog test pauses the consumer: it needs --consumer (a "
                        + "burstpipe consumer's URL) and --control-token");
            }
            KafkaSettings kafka = kafkaOptions.toSettings();
            String id = producerId != null ? producerId : "lt-" + Long.toString(System.currentTimeMillis(), 36)
                    + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
            // find-max names its runs <id>-warmup and <id>-<rate>
            Message.requireProducerId("--producer-id", id, findMax ? FIND_MAX_SUFFIX : 0);
            Path dir = out != null ? out : Path.of("loadtest-results",
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            return new Settings(transport, base, length, profile, consumerUrl, kafka, parsed, id, dir, backlog);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void requireRange(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + " (was " + value + ")");
        }
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

    private int run(Vertx vertx, Settings s, Event stop) throws Exception {
        if (s.transport().equals("http") && !reachable(s.target())) {
            say("cannot reach %s: nothing listens there (start a consumer: ./burstpipe consumer)", s.target());
            return 1;
        }
        ConsumerProbe probe = s.consumer() == null ? null : new ConsumerProbe(vertx, s.consumer(), controlToken);
        GroupLag lag = null;
        Transport sender;
        String destination;
        switch (s.transport()) {
            case "kafka" -> {
                KafkaTopics.ensure(s.kafka().bootstrap(), s.kafka().topic(), s.kafka().partitions(), (short) 1);
                sender = new KafkaTransport(vertx, s.kafka(), requestTimeout.toMillis());
                lag = new GroupLag(s.kafka().bootstrap(), s.kafka().topic(), s.kafka().group());
                destination = "kafka topic " + s.kafka().topic() + " at " + s.kafka().bootstrap() + " (group "
                        + s.kafka().group() + ")";
            }
            case "noop" -> {
                sender = new NoopTransport();
                destination = "noop (answers at once)";
            }
            default -> {
                sender = new HttpTransport(vertx, s.target(), path, maxInflight, requestTimeout.toMillis());
                destination = s.target() + path;
            }
        }
        if (probe != null && probe.stats().isEmpty()) {
            say("note: %s/stats is not a burstpipe consumer's; running without queue figures", probe.base());
            probe.close();
            probe = null;
        }
        JsonObject run = new JsonObject().put("tool", "burstpipe loadtest").put("target", destination)
                .put("transport", s.transport()).put("producerId", s.producerId()).put("seed", seed)
                .put("batchSize", batchSize).put("maxInflight", maxInflight).put("warmupSeconds", warmup.toMillis() / 1000.0);
        try {
            if (findMax) {
                return findMax(s, sender, probe, lag, stop, run);
            }
            return plainRun(s, sender, probe, lag, stop, run);
        } finally {
            sender.close();
            if (probe != null) {
                probe.close();
            }
            if (lag != null) {
                lag.close();
            }
        }
    }

    private int plainRun(Settings s, Transport sender, ConsumerProbe probe, GroupLag lag, Event stop, JsonObject run)
            throws Exception {
        ProfileSpec spec = s.spec();
        long limit = messages == 0 ? Long.MAX_VALUE : messages;
        Duration length = s.duration();
        Duration wait = linger;
        if (s.backlog()) {
            double rate = profileOptions.toSpec().ratePerSec();
            spec = ProfileSpec.steady(rate);
            limit = backlogMessages > 0 ? backlogMessages : Long.MAX_VALUE;
            length = backlogDuration;
            // a backlog is about volume, not latency: let requests fill up to --batch-size
            long fill = rate > 0 ? (long) Math.ceil(batchSize / rate * 1000) : 0;
            wait = Duration.ofMillis(Math.max(linger.toMillis(), Math.min(1000, fill)));
        }
        LoadRun.Options options = new LoadRun.Options(s.backlog() ? "backlog" : "loadtest", s.producerId(), spec, seed,
                length, limit, warmup, batchSize, wait, maxInflight, drainTimeout, s.thresholds(), abortOnFail,
                s.backlog());
        say("loadtest: %s to %s; %s", spec.describe(), run.getString("target"), length.isZero() ? "until the profile "
                + "or --messages ends it, or Ctrl-C" : "for " + human(length));
        LoadRun.Result result = new LoadRun(options, sender, probe, lag, stdout, stop).run();
        JsonObject doc = Report.json(result, run);
        summary(result, doc);
        Path[] files = Report.write(s.out(), doc);
        say("results: %s and %s", files[0], files[1]);
        if (!result.passed()) {
            return THRESHOLDS_FAILED;
        }
        if (s.backlog() && !result.backlog().getBoolean("drained")) {
            return 1;
        }
        return 0;
    }

    private int findMax(Settings s, Transport sender, ConsumerProbe probe, GroupLag lag, Event stop, JsonObject run)
            throws Exception {
        FindMax search = new FindMax(latencyPercentile, latencyBound.toNanos() / 1e6, precision, maxSteps);
        Duration stepWarmup = Duration.ofMillis(Math.min(2_000, stepDuration.toMillis() / 5));
        say("find-max: steps of %s from %.0f msgs/s; a step passes with %s", human(stepDuration), profileOptions.toSpec()
                .ratePerSec(), search.criteria());
        // a fresh JVM, fresh connections and a cold target make the first seconds slow: warm up, unjudged
        double startRate = profileOptions.toSpec().ratePerSec();
        Duration warm = Duration.ofMillis(Math.min(5_000, stepDuration.toMillis()));
        new LoadRun(LoadRun.Options.steady(String.format(Locale.ROOT, "warm-up at %.0f/s", startRate),
                s.producerId() + "-warmup", startRate, seed, warm, Duration.ZERO, batchSize, linger, maxInflight,
                drainTimeout), sender, probe, lag, stdout, stop).run();
        List<JsonObject> series = new ArrayList<>();
        double[] offset = {0};
        FindMax.Outcome outcome = search.search(profileOptions.toSpec().ratePerSec(), rate -> {
            LoadRun.Options options = LoadRun.Options.steady(String.format(Locale.ROOT, "step at %.0f/s", rate),
                    s.producerId() + "-" + Math.round(rate), rate, seed, stepDuration, stepWarmup, batchSize, linger,
                    maxInflight, drainTimeout);
            try {
                LoadRun.Result r = new LoadRun(options, sender, probe, lag, stdout, stop).run();
                FindMax.Step step = search.judge(0, rate, r);
                say("find-max: %.0f msgs/s: %s", rate, step.reason());
                for (JsonObject p : r.series()) {
                    series.add(p.copy().put("t", round(p.getDouble("t") + offset[0], 3))
                            .put("step", Math.round(rate)));
                }
                offset[0] += r.series().isEmpty() ? 0 : r.series().get(r.series().size() - 1).getDouble("t");
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, stop::isSet);
        FindMax.Step best = outcome.best();
        if (best == null) {
            say("find-max: no step ran");
            return 1;
        }
        JsonObject doc = Report.json(best.result(), run).put("series", new JsonArray(series))
                .put("findMax", FindMax.json(outcome)).put("passed", outcome.maxRate() > 0);
        say("find-max: steps");
        for (FindMax.Step step : outcome.steps()) {
            Measures m = step.result().measures();
            say("  %2d  %8.0f msgs/s  sent %8.0f/s  p50 %8.2f ms  p99 %8.2f ms  lost %d  %s", step.step(), step.rate(),
                    m.achievedRate(), pct(m, 50), pct(m, 99), m.lost(), step.reason());
        }
        if (outcome.maxRate() > 0) {
            boolean neverFailed = outcome.steps().stream().allMatch(FindMax.Step::passed);
            say("find-max: highest sustained rate %s%.0f msgs/s (%s)%s", neverFailed ? "at least " : "",
                    outcome.maxRate(), outcome.criteria(), neverFailed ? "; no step failed: raise --max-steps or "
                            + "start higher with --rate" : "");
            JsonObject b = doc.getJsonObject("bottleneck");
            say("bottleneck at %.0f msgs/s: %s: %s", best.rate(), b.getString("stage"), b.getString("reason"));
        } else {
            say("find-max: no rate passed, down to %.0f msgs/s", outcome.steps().get(outcome.steps().size() - 1).rate());
        }
        Path[] files = Report.write(s.out(), doc);
        say("results: %s and %s", files[0], files[1]);
        return outcome.maxRate() > 0 ? 0 : 1;
    }

    /** 1.5 s, 250 ms, 2 m: a duration as a person writes it. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms < 1000 ? ms + " ms" : ms / 1000.0 + " s";
    }

    private static double pct(Measures m, double p) {
        return m.latency().getTotalCount() == 0 ? 0 : m.latency().getValueAtPercentile(p) / 1000.0;
    }

    private void summary(LoadRun.Result r, JsonObject doc) {
        Measures m = r.measures();
        JsonObject lat = doc.getJsonObject("latencyMs");
        JsonObject c = lat.getJsonObject("corrected");
        JsonObject sv = lat.getJsonObject("service");
        JsonObject d = lat.getJsonObject("sendDelay");
        say("summary: %d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th.", m.sent(),
                r.sendSeconds() > 0 ? m.sent() / r.sendSeconds() : 0, r.mbPerSec(), c.getDouble("avg"),
                c.getDouble("max"), c.getDouble("p50"), c.getDouble("p95"), c.getDouble("p99"), c.getDouble("p99.9"));
        say("summary: measured %.1f s after a %.1f s warm-up: %.1f of %.1f target msgs/s sent; latency is from the "
                        + "intended send time (corrected for coordinated omission)", r.measuredSeconds(),
                warmupSeconds(r), m.achievedRate(), m.targetRate());
        say("summary: service time (from the actual send, uncorrected): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                + "max %.2f ms", sv.getDouble("p50"), sv.getDouble("p99"), sv.getDouble("p99.9"), sv.getDouble("max"));
        say("summary: send delay (actual minus intended send time): p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                        + "%d measured messages delayed by the in-flight bound of %d (%d with the warm-up)",
                d.getDouble("p50"), d.getDouble("p99"), d.getDouble("max"), m.delayed(), maxInflight,
                doc.getJsonObject("totals").getLong("delayedAll"));
        say("summary: %d requests, %d failed%s", r.requests(), r.errorRequests(),
                r.lastError().isEmpty() ? "" : " (last: " + r.lastError() + ")");
        String stored = r.storedDelta() < 0 ? "stored unknown (no consumer /stats)" : "stored " + r.storedDelta()
                + " (consumer /stats)";
        boolean storedOk = r.storedDelta() < 0 || r.storedDelta() >= m.acked();
        say("loss check: sent %d, acknowledged %d, %s, dropped %d, failed %d, unanswered %d: lost %d: %s", m.sent(),
                m.acked(), stored, m.dropped(), m.errored(), r.unanswered(), m.lost(),
                m.lost() == 0 && storedOk ? "OK" : storedOk ? "LOSS" : "LOSS (fewer stored than acknowledged)");
        if (r.backlog() != null) {
            JsonObject b = r.backlog();
            say("backlog: %d of %d messages waiting at resume; %d stored from the resume until drained in %.3f s "
                            + "(drain rate %.0f msgs/s)%s", b.getLong("atResume"), b.getLong("messages"),
                    b.getLong("storedAfterResume"), b.getDouble("drainSeconds"), b.getDouble("drainRatePerSec"),
                    b.getBoolean("drained") ? "" : " -- NOT drained within --drain-timeout");
        } else if (r.drainMillis() >= 0) {
            say("drain: everything answered%s, %d ms after the last send", "kafka".equals(doc.getString("transport"))
                    ? " and the group's lag back to 0" : "", r.drainMillis());
        }
        JsonObject b = doc.getJsonObject("bottleneck");
        say("bottleneck: %s: %s", b.getString("stage"), b.getString("reason"));
        if (b.containsKey("littlesLaw")) {
            say("bottleneck: Little's law: %s", b.getString("littlesLaw"));
        }
        for (LoadRun.Verdict v : r.verdicts()) {
            say("threshold %s %s", v.passed() ? "passed:" : "FAILED:", v.explanation());
        }
        if (r.aborted() != null) {
            say("aborted: %s", r.aborted());
        }
    }

    private static double warmupSeconds(LoadRun.Result r) {
        return r.options().warmup().toMillis() / 1000.0;
    }

    private static boolean reachable(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void say(String format, Object... args) {
        stdout.println(java.time.LocalTime.now().format(CLOCK) + ": " + String.format(Locale.ROOT, format, args));
        stdout.flush();
    }
}
