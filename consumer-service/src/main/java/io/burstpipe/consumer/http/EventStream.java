package io.burstpipe.consumer.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /events}: server-sent events carrying one stats snapshot a second to every open dashboard, and ten
 * {@code depth} events a second (the queue's lowest and highest depth in each 100 ms). A page that connects gets the
 * last {@value #HISTORY} snapshots and the last {@value #DEPTH_HISTORY} depth points first (these as one
 * {@code depths} event), so it shows the last minutes at once. A viewer that cannot keep up skips events instead of
 * growing a buffer.
 */
final class EventStream {

    /** Snapshots kept for a page that connects: five minutes at one a second. */
    static final int HISTORY = 300;
    /** Depth points kept for a page that connects: five minutes at ten a second. */
    static final int DEPTH_HISTORY = 3000;

    private final Set<HttpServerResponse> streams = ConcurrentHashMap.newKeySet();
    /** Encoded events, oldest first; touched on the event loop only. */
    private final ArrayDeque<String> history = new ArrayDeque<>();
    /** Control changes, for the marks on the charts: encoded {@code mark} events, oldest first. */
    private final ArrayDeque<String> marks = new ArrayDeque<>();
    /** The depth points, oldest first; touched on the event loop only. */
    private final ArrayDeque<StatsTicker.DepthPoint> depths = new ArrayDeque<>();

    /** Opens a stream and sends {@code first} at once. */
    void open(RoutingContext ctx, JsonObject first) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").putHeader("Connection", "keep-alive");
        streams.add(response);
        response.closeHandler(v -> streams.remove(response));
        StringBuilder backlog = new StringBuilder("retry: 1000\n\n");
        appendDepths(backlog);
        history.forEach(backlog::append);
        marks.forEach(backlog::append);
        response.write(backlog.append("data: ").append(first.encode()).append("\n\n").toString());
    }

    void publish(JsonObject snapshot) {
        broadcast(keep(history, "data: " + snapshot.encode() + "\n\n"));
    }

    /** One point of the fine depth series, to every page now and kept for those that connect later. */
    void depth(StatsTicker.DepthPoint point) {
        depths.addLast(point);
        if (depths.size() > DEPTH_HISTORY) {
            depths.removeFirst();
        }
        broadcast("event: depth\ndata: {\"t\":" + point.timeMillis() + ",\"min\":" + point.min() + ",\"max\":"
                + point.max() + "}\n\n");
    }

    /** The kept depth points as one {@code depths} event of three arrays: {@code t}, {@code min}, {@code max}. */
    private void appendDepths(StringBuilder out) {
        StringBuilder t = new StringBuilder();
        StringBuilder min = new StringBuilder();
        StringBuilder max = new StringBuilder();
        for (StatsTicker.DepthPoint p : depths) {
            String comma = t.isEmpty() ? "" : ",";
            t.append(comma).append(p.timeMillis());
            min.append(comma).append(p.min());
            max.append(comma).append(p.max());
        }
        out.append("event: depths\ndata: {\"t\":[").append(t).append("],\"min\":[").append(min)
                .append("],\"max\":[").append(max).append("]}\n\n");
    }

    /** A control change, sent as a {@code mark} event now and to every page that connects later. */
    void mark(String what) {
        broadcast(keep(marks, "event: mark\ndata: " + new JsonObject().put("time", System.currentTimeMillis())
                .put("what", what).encode() + "\n\n"));
    }

    /** Keeps {@code event} for pages that connect later, the last {@value #HISTORY} of its kind. */
    private static String keep(ArrayDeque<String> kept, String event) {
        kept.addLast(event);
        if (kept.size() > HISTORY) {
            kept.removeFirst();
        }
        return event;
    }

    private void broadcast(String event) {
        for (HttpServerResponse response : streams) {
            if (response.closed() || response.ended()) {
                streams.remove(response);
            } else if (!response.writeQueueFull()) {
                response.write(event);
            }
        }
    }

    void closeAll() {
        streams.forEach(HttpServerResponse::end);
    }
}
