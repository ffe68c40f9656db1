package io.burstpipe.loadtest;

import io.burstpipe.api.ConsumerStats;
import io.burstpipe.api.ConsumerStatsJson;
import io.burstpipe.api.ControlAction;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks inside a burstpipe consumer while it is under load: {@code GET /stats} for its queue, rates
 * and store figures, {@code POST /control/...} (bearer token) for the backlog test, sweeps and faults, and a
 * batch of invalid messages for a poison fault. Every call is bounded by a timeout. A target that is not a
 * burstpipe consumer simply has no stats.
 */
public final class ConsumerProbe implements AutoCloseable {

    private static final long TIMEOUT_MS = 2_000;

    private final WebClient client;
    private final String base;
    private final String token;

    public ConsumerProbe(Vertx vertx, String base, String token) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setConnectTimeout(1_000));
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    public String base() {
        return base;
    }

    /** The consumer's {@code /stats}, or empty if it cannot be read now (or is not a burstpipe consumer's). */
    public Optional<ConsumerStats> stats() {
        try {
            HttpResponse<Buffer> response = client.getAbs(base + "/stats").idleTimeout(TIMEOUT_MS).send()
                    .toCompletionStage().toCompletableFuture().get(TIMEOUT_MS + 500, TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonObject json = response.bodyAsJsonObject();
            return json == null ? Optional.empty() : Optional.of(ConsumerStatsJson.decode(json));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * How many of {@code producer}'s ids in {@code segment} the consumer's store holds, from the sequence numbers
     * {@code /stats/stored?seqs=true} gives; empty if it cannot be read (or the consumer does not give them).
     */
    public java.util.OptionalLong storedIn(String producer, io.burstpipe.profile.Segment segment) {
        try {
            HttpResponse<Buffer> response = client.getAbs(base + "/stats/stored?producer=" + java.net.URLEncoder
                            .encode(producer, java.nio.charset.StandardCharsets.UTF_8) + "&seqs=true")
                    .idleTimeout(TIMEOUT_MS).send().toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_MS + 500, TimeUnit.MILLISECONDS);
            JsonObject json = response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
            String seqs = json == null ? null : json.getString("seqs");
            if (seqs == null) {
                return java.util.OptionalLong.empty();
            }
            long n = 0;
            var it = io.burstpipe.store.SeqIndex.decode(seqs).getLongIterator();
            while (it.hasNext()) {
                if (segment.holds(it.next())) {
                    n++;
                }
            }
            return java.util.OptionalLong.of(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalLong.empty();
        } catch (Exception e) {
            return java.util.OptionalLong.empty();
        }
    }

    /**
     * {@code POST /control/<action>} with the token.
     *
     * @throws IllegalStateException saying why the consumer refused or could not be reached
     */
    public void control(ControlAction what) {
        control(what, "");
    }

    /**
     * {@code POST /control/<action>?<query>} with the token, e.g. {@code policy} and {@code value=reject}.
     *
     * @throws IllegalStateException saying why the consumer refused or could not be reached
     */
    public void control(ControlAction what, String query) {
        String action = what.path() + (query.isEmpty() ? "" : "?" + query);
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException("changing the consumer (" + what.path() + ") needs --control-token (the "
                    + "consumer's --control-token)");
        }
        HttpResponse<Buffer> response;
        try {
            response = client.postAbs(base + "/control/" + action).putHeader("Authorization", "Bearer " + token)
                    .idleTimeout(TIMEOUT_MS).send().toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_MS + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the consumer to " + action);
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach " + base + "/control/" + action + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(base + "/control/" + action + " answered " + response.statusCode()
                    + (response.statusCode() == 401 ? " (wrong or missing --control-token)" : "") + ": "
                    + response.bodyAsString());
        }
    }

    /**
     * Posts one batch of {@code n} messages no consumer may accept (no id, a negative seq, a value that is not a
     * number) to {@code /messages}; returns the status and the start of the answer.
     *
     * @throws IllegalStateException if the consumer could not be reached
     */
    public String postInvalid(int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"seq\":-").append(i + 1)
                    .append(",\"producer\":\"poison\",\"value\":\"not a number\"}");
        }
        body.append(']');
        try {
            HttpResponse<Buffer> response = client.postAbs(base + "/messages").putHeader("Content-Type",
                    "application/json").idleTimeout(TIMEOUT_MS).sendBuffer(Buffer.buffer(body.toString()))
                    .toCompletionStage().toCompletableFuture().get(TIMEOUT_MS + 500, TimeUnit.MILLISECONDS);
            String answer = response.bodyAsString() == null ? "" : response.bodyAsString();
            return response.statusCode() + " " + (answer.length() > 160 ? answer.substring(0, 160) + "..." : answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting invalid messages");
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach " + base + "/messages: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
