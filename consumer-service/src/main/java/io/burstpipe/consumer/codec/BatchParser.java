package io.burstpipe.consumer.codec;

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
 * with a message naming its position ("message N", from 0, in an array; "line N", from 1, in NDJSON) and
 * field, so a batch is taken whole or not at all. An empty body is an error, not an empty batch.
 *
 * <p>An array in the exact form burstpipe's senders write is read straight from the bytes ({@link CanonicalMessage});
 * any other body streams through Jackson's parser (no tree of maps per message), which also words every error:
 * intake parses hundreds of thousands of messages a second. Thread-safe.
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

    /** @param body the request body; null or empty for a request without one */
    public List<Message> parse(String contentType, Buffer body) throws BadRequest {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean lines = switch (type) {
            case JSON -> false;
            case NDJSON, "application/ndjson" -> true;
            default -> throw new BadRequest(415, "Content-Type must be " + JSON + " (a JSON array of messages) or "
                    + NDJSON + " (one message per line) (was '" + (contentType == null ? "" : contentType) + "')");
        };
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        if (blank(bytes, 0, bytes.length)) {
            throw new BadRequest(400, "request body is empty: send " + (lines ? "one message object per line"
                    : "a JSON array of message objects"));
        }
        return lines ? parseLines(bytes) : parseArray(bytes);
    }

    private List<Message> parseArray(byte[] body) throws BadRequest {
        List<Message> canonical = CanonicalMessage.readArray(body, maxMessages);
        return canonical != null ? canonical : parseArrayFully(body);
    }

    /** {@link #parseArray} through the JSON parser, whatever the form. */
    List<Message> parseArrayFully(byte[] body) throws BadRequest {
        try (JsonParser p = JSON_FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            List<Message> batch = new ArrayList<>();
            if (first == JsonToken.START_OBJECT) {
                batch.add(readMessage(p, Position.ARRAY, 0));
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
                    batch.add(readMessage(p, Position.ARRAY, batch.size()));
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
                    batch.add(readMessage(p, Position.LINE, lineNo));
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
        Message canonical = CanonicalMessage.read(json);
        return canonical != null ? canonical : parseFully(json);
    }

    /** Decodes one record after another like {@link #parseOne}; for one thread (it keeps the last producer). */
    public final class RecordReader {
        private final CanonicalMessage canonical = new CanonicalMessage();

        private RecordReader() {
        }

        public Message parse(byte[] json) throws BadRequest {
            if (json == null) {
                throw new BadRequest(400, "record has no value");
            }
            Message m = canonical.record(json);
            return m != null ? m : parseFully(json);
        }
    }

    /** A reader of records for one thread. */
    public RecordReader recordReader() {
        return new RecordReader();
    }

    /** {@link #parseOne} through the JSON parser, whatever the form. */
    Message parseFully(byte[] json) throws BadRequest {
        try (JsonParser p = JSON_FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(400, "not a JSON object");
            }
            Message m = readMessage(p, Position.RECORD, 0);
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

    /**
     * Reads one object; the parser is on its START_OBJECT and is left on its END_OBJECT.
     *
     * @param at     what {@code number} counts (array index, NDJSON line), for errors
     */
    private static Message readMessage(JsonParser p, Position at, int number) throws IOException, BadRequest {
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
                case "id" -> id = text(p, v, field, at, number);
                case "producer" -> producer = text(p, v, field, at, number);
                case "seq" -> seq = integer(p, v, field, at, number);
                case "value" -> value = integer(p, v, field, at, number);
                case "createdAt" -> createdAt = integer(p, v, field, at, number);
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new BadRequest(400, "body is not valid JSON: " + at.name(number) + " is not closed");
        }
        require(producer, "producer", at, number);
        require(seq, "seq", at, number);
        require(value, "value", at, number);
        require(createdAt, "createdAt", at, number);
        if (value < Message.MIN_VALUE || value > Message.MAX_VALUE) {
            throw new BadRequest(400, at.name(number) + ": value must be between " + Message.MIN_VALUE + " and "
                    + Message.MAX_VALUE + " (was " + value + ")");
        }
        try {
            return new Message(id != null ? id : Message.idOf(producer, seq), seq, producer, value.intValue(),
                    createdAt);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, at.name(number) + ": " + e.getMessage());
        }
    }

    /** Where a message sits, for errors: "message 3" in an array (from 0), "line 4" in NDJSON (from 1). */
    private enum Position {
        ARRAY, LINE, RECORD;

        String name(int number) {
            return switch (this) {
                case ARRAY -> "message " + number;
                case LINE -> "line " + number;
                case RECORD -> "record";
            };
        }
    }

    private static void require(Object v, String field, Position at, int number) throws BadRequest {
        if (v == null) {
            throw new BadRequest(400, at.name(number) + ": missing field '" + field + "'");
        }
    }

    private static String text(JsonParser p, JsonToken v, String field, Position at, int number)
            throws IOException, BadRequest {
        if (v != JsonToken.VALUE_STRING) {
            throw new BadRequest(400, at.name(number) + ": field '" + field + "' must be a string");
        }
        return p.getText();
    }

    private static Long integer(JsonParser p, JsonToken v, String field, Position at, int number)
            throws IOException, BadRequest {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRequest(400, at.name(number) + ": field '" + field + "' must be an integer");
        }
        try {
            return p.getLongValue();
        } catch (IOException e) {
            throw new BadRequest(400, at.name(number) + ": field '" + field + "' is out of range");
        }
    }
}
