package io.burstpipe.loadtest;

import io.burstpipe.flow.Event;
import io.burstpipe.transport.TransportKind;
import io.vertx.core.json.JsonObject;

/**
 * What every mode of {@code burstpipe loadtest} runs with: the checked settings, the open target, the stop that
 * Ctrl-C sets, the console, and the run's description for the report.
 */
record RunContext(LoadTestConfig settings, LoadTarget target, Event stop, Console console) {

    /** The report's description of what was run against what. */
    JsonObject description() {
        LoadTestConfig s = settings;
        return new JsonObject().put("tool", "burstpipe loadtest").put("target", target.destination())
                .put("transport", s.target().transport().cliName()).put("producerId", s.send().producerId())
                .put("seed", s.shape().seed()).put("batchSize", s.send().batchSize())
                .put("maxInflight", s.send().maxInflight())
                .put("warmupSeconds", s.shape().warmup().toMillis() / 1000.0)
                .put("version", io.burstpipe.cli.Version.TEXT)
                .put("profileSettings", ProfileJson.encode(s.shape().profile()))
                .put("durationSeconds", s.shape().duration().toMillis() / 1000.0)
                .put("messagesLimit", s.shape().messages())
                .put("linger", s.send().linger().toString())
                .put("segment", new JsonObject().put("index", s.shape().segment().index())
                        .put("count", s.shape().segment().count()))
                .put("startAt", s.shape().startAt().map(Object::toString).orElse(null))
                .put("startedConsumer", s.target().startConsumer().map(io.vertx.core.json.JsonArray::new)
                        .orElse(null));
    }

    boolean kafka() {
        return settings.target().transport() == TransportKind.KAFKA;
    }

    LoadRun newRun(LoadRun.Options options) {
        return new LoadRun(options, target.sender, target.probe, target.lag, console.stream(), stop)
                .startedConsumers(target.group);
    }

    /** Prints the summary, writes result.json and report.html, says where. */
    void report(LoadRun.Result result, JsonObject doc) throws java.io.IOException {
        ConsoleSummary.print(console, result, doc.getJsonObject("bottleneck"), settings.send().maxInflight(), kafka(),
                target.group != null);
        writeFiles(console, settings.judge().out(), doc, result.latencyLog());
    }

    /** Writes result.json, report.html, series.csv and latency.hlog into {@code dir} and says where. */
    static void writeFiles(Console console, java.nio.file.Path dir, JsonObject doc, String latencyLog)
            throws java.io.IOException {
        java.nio.file.Path[] files = Report.write(dir, doc);
        java.nio.file.Path[] plugIn = Report.writeSeries(dir, doc, latencyLog);
        console.say("results: %s and %s; the per-second series %s and the latency interval log %s", files[0], files[1],
                plugIn[0], plugIn[1]);
    }
}
