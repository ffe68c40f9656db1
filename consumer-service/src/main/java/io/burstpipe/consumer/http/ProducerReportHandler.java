package io.burstpipe.consumer.http;

import static io.burstpipe.consumer.http.Replies.error;
import static io.burstpipe.consumer.http.Replies.json;

import io.burstpipe.api.ProducerReport;
import io.burstpipe.api.ProducerReportJson;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /producers/report}: a producer's own figures ({@link ProducerReport}), for the dashboard. No token:
 * a report changes nothing but what the page shows. Answers 204, or 400 naming what is wrong with the body, or 429
 * when too many producers report. Runs on the event loop, as the ticker that reads the reports does.
 */
final class ProducerReportHandler implements Handler<RoutingContext> {

    static final String PATH = "/producers/report";

    private final ProducerReports reports;

    ProducerReportHandler(ProducerReports reports) {
        this.reports = reports;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ProducerReport report;
        try {
            Object body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
            if (!(body instanceof JsonObject json)) {
                json(ctx, 400, error("the body must be a JSON object: a producer report"));
                return;
            }
            report = ProducerReportJson.decode(json);
        } catch (DecodeException | ClassCastException e) {
            json(ctx, 400, error("the body must be a JSON object: a producer report (" + e.getMessage() + ")"));
            return;
        } catch (IllegalArgumentException e) {
            json(ctx, 400, error("bad producer report: " + e.getMessage()));
            return;
        }
        Optional<String> refused = reports.accept(report, System.currentTimeMillis());
        if (refused.isPresent()) {
            json(ctx, 429, error(refused.get()));
            return;
        }
        ctx.response().setStatusCode(204).end();
    }
}
