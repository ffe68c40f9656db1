package io.burstpipe.consumer.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.burstpipe.message.Message;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a batch of messages: a JSON array ({@code application/json}) or one JSON object per line
 * ({@code application/x-ndjson}). Every message is checked; the first bad one rejects the whole batch
 * with a message naming its position and field, so a batch is taken whole or not at all.
 *
 * <p>Streams through the body with Jackson's parser (no tree of maps per message): intake parses
 * hundreds of thousands of messages a second. Thread-safe.
 */
public final class BatchParser {

    public static final String JSON = "application/json";
    public static final String NDJSON = "application/x-ndjson";
    /** Buffers come from a shared lock-free pool: the default per-thread pool costs a ThreadLocal look-up per parser. */
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedLockFreePool()).build();

    private final int maxMessages;

    public BatchParser(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    public List<Message> parse(String contentType, Buffer body) throws BadRequest {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case JSON -> parseArray(body.getBytes());
            case NDJSON, "application/ndjson" -> parseLines(body.getBytes());
            default -> throw new BadRequest(415, "Content-Type must be " + JSON + " (a JSON array of messages) or "
                    + NDJSON + " (one message per line) (was '" + (contentType == null ? "" : contentType) + "')");
        };
    }

    private List<Message> parseArray(byte[] body) throws BadRequest {
        try (JsonParser p = JSON_FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            List<Message> batch = new ArrayList<>();
            if (first == JsonToken.START_OBJECT) {
                batch.add(readMessage(p, 0));
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new BadRequest(400, "body is not valid JSON: unexpected end of input");
                    }
                    checkSize(batch.size() + 1);
                    if (t != JsonToken.START_OBJECT) {
                        throw new BadRequest(400, "message " + batch.size() + ": must be a JSON object");
                    }
                    batch.add(readMessage(p, batch.size()));
                }
            } else {
                throw new BadRequest(400, "body must be a JSON array of message objects");
            }
            if (p.nextToken() != null) {
                throw new BadRequest(400, "body is not valid JSON: unexpected content after the array");
            }
            return batch;
        } catch (StreamReadException e) {
            throw new BadRequest(400, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest(400, "body is not valid JSON: " + e.getMessage());
        }
    }

    private List<Message> parseLines(byte[] body) throws BadRequest {
        List<Message> batch = new ArrayList<>();
        int start = 0;
        int lineNo = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            lineNo++;
            if (!blank(body, start, end)) {
                checkSize(batch.size() + 1);
                try (JsonParser p = JSON_FACTORY.createParser(body, start, end - start)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw new BadRequest(400, "line " + lineNo + ": not a JSON object");
                    }
                    batch.add(readMessage(p, batch.size()));
                    if (p.nextToken() != null) {
                        throw new BadRequest(400, "line " + lineNo + ": more than one JSON value");
                    }
                } catch (StreamReadException e) {
                    throw new BadRequest(400, "line " + lineNo + ": not a JSON object: " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw new BadRequest(400, "line " + lineNo + ": " + e.getMessage());
                }
            }
            start = end + 1;
        }
        return batch;
    }

    /** One message from one JSON object in UTF-8, e.g. a Kafka record's value. */
    public Message parseOne(byte[] json) throws BadRequest {
        if (json == null) {
            throw new BadRequest(400, "record has no value");
        }
        try (JsonParser p = JSON_FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(400, "not a JSON object");
            }
            Message m = readMessage(p, 0);
            if (p.nextToken() != null) {
                throw new BadRequest(400, "more than one JSON value");
            }
            return m;
        } catch (StreamReadException e) {
            throw new BadRequest(400, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest(400, e.getMessage());
        }
    }

    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private void checkSize(int size) throws BadRequest {
        if (size > maxMessages) {
            throw new BadRequest(413, "batch has more than " + maxMessages + " messages (--max-batch-messages); "
                    + "send smaller batches");
        }
    }

    /** Reads one object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private static Message readMessage(JsonParser p, int index) throws IOException, BadRequest {
        String id = null;
        String producer = null;
        Long seq = null;
        Long value = null;
        Long createdAt = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, v, field, index);
                case "producer" -> producer = text(p, v, field, index);
                case "seq" -> seq = integer(p, v, field, index);
                case "value" -> value = integer(p, v, field, index);
                case "createdAt" -> createdAt = integer(p, v, field, index);
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new BadRequest(400, "body is not valid JSON: message " + index + " is not closed");
        }
        require(producer, "producer", index);
        require(seq, "seq", index);
        require(value, "value", index);
        require(createdAt, "createdAt", index);
        if (value < Message.MIN_VALUE || value > Message.MAX_VALUE) {
            throw new BadRequest(400, "message " + index + ": value must be between " + Message.MIN_VALUE + " and "
                    + Message.MAX_VALUE + " (was " + value + ")");
        }
        try {
            return new Message(id != null ? id : Message.idOf(producer, seq), seq, producer, value.intValue(),
                    createdAt);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "message " + index + ": " + e.getMessage());
        }
    }

    private static void require(Object v, String field, int index) throws BadRequest {
        if (v == null) {
            throw new BadRequest(400, "message " + index + ": missing field '" + field + "'");
        }
    }

    private static String text(JsonParser p, JsonToken v, String field, int index) throws IOException, BadRequest {
        if (v != JsonToken.VALUE_STRING) {
            throw new BadRequest(400, "message " + index + ": field '" + field + "' must be a string");
        }
        return p.getText();
    }

    private static Long integer(JsonParser p, JsonToken v, String field, int index) throws IOException, BadRequest {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRequest(400, "message " + index + ": field '" + field + "' must be an integer");
        }
        try {
            return p.getLongValue();
        } catch (IOException e) {
            throw new BadRequest(400, "message " + index + ": field '" + field + "' is out of range");
        }
    }
}
