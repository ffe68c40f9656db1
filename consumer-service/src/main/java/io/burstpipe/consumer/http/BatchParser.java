package io.burstpipe.consumer.http;

import io.burstpipe.message.Message;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a batch of messages: a JSON array ({@code application/json}) or one JSON object per line
 * ({@code application/x-ndjson}). Every message is checked; the first bad one rejects the whole batch
 * with a message naming its position and field, so a batch is taken whole or not at all.
 */
public final class BatchParser {

    public static final String JSON = "application/json";
    public static final String NDJSON = "application/x-ndjson";

    private final int maxMessages;

    public BatchParser(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    public List<Message> parse(String contentType, Buffer body) throws BadRequest {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case JSON -> parseArray(body);
            case NDJSON, "application/ndjson" -> parseLines(body);
            default -> throw new BadRequest(415, "Content-Type must be " + JSON + " (a JSON array of messages) or "
                    + NDJSON + " (one message per line) (was '" + (contentType == null ? "" : contentType) + "')");
        };
    }

    private List<Message> parseArray(Buffer body) throws BadRequest {
        Object parsed;
        String text = body.toString().strip();
        try {
            if (text.startsWith("[")) {
                parsed = new JsonArray(text);
            } else if (text.startsWith("{")) {
                parsed = new JsonObject(text);
            } else {
                throw new BadRequest(400, "body must be a JSON array of message objects");
            }
        } catch (DecodeException e) {
            throw new BadRequest(400, "body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (parsed instanceof JsonObject single) {
            return List.of(toMessage(single, 0));
        }
        if (!(parsed instanceof JsonArray array)) {
            throw new BadRequest(400, "body must be a JSON array of message objects");
        }
        checkSize(array.size());
        List<Message> batch = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject object)) {
                throw new BadRequest(400, "message " + i + ": must be a JSON object");
            }
            batch.add(toMessage(object, i));
        }
        return batch;
    }

    private List<Message> parseLines(Buffer body) throws BadRequest {
        String[] lines = body.toString().split("\n");
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            checkSize(batch.size() + 1);
            JsonObject object;
            try {
                object = new JsonObject(line);
            } catch (DecodeException | ClassCastException e) {
                throw new BadRequest(400, "line " + (i + 1) + ": not a JSON object: " + firstLine(e.getMessage()));
            }
            batch.add(toMessage(object, batch.size()));
        }
        return batch;
    }

    private void checkSize(int size) throws BadRequest {
        if (size > maxMessages) {
            throw new BadRequest(413, "batch has more than " + maxMessages + " messages (--max-batch-messages); "
                    + "send smaller batches");
        }
    }

    private static Message toMessage(JsonObject o, int index) throws BadRequest {
        String producer = string(o, "producer", index);
        long seq = number(o, "seq", index);
        long value = number(o, "value", index);
        long createdAt = number(o, "createdAt", index);
        if (value < Message.MIN_VALUE || value > Message.MAX_VALUE) {
            throw new BadRequest(400, "message " + index + ": value must be between " + Message.MIN_VALUE + " and "
                    + Message.MAX_VALUE + " (was " + value + ")");
        }
        String id = o.containsKey("id") ? string(o, "id", index) : Message.idOf(producer, seq);
        try {
            return new Message(id, seq, producer, (int) value, createdAt);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "message " + index + ": " + e.getMessage());
        }
    }

    private static String string(JsonObject o, String field, int index) throws BadRequest {
        Object v = o.getValue(field);
        if (v == null) {
            throw new BadRequest(400, "message " + index + ": missing field '" + field + "'");
        }
        if (!(v instanceof String s)) {
            throw new BadRequest(400, "message " + index + ": field '" + field + "' must be a string");
        }
        return s;
    }

    private static long number(JsonObject o, String field, int index) throws BadRequest {
        Object v = o.getValue(field);
        if (v == null) {
            throw new BadRequest(400, "message " + index + ": missing field '" + field + "'");
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new BadRequest(400, "message " + index + ": field '" + field + "' must be an integer");
        }
        return n.longValue();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
