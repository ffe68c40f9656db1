package io.burstpipe.consumer.codec;

import io.burstpipe.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path of decoding one message: the exact form every burstpipe sender writes ({@link
 * io.burstpipe.message.MessageJson}: {@code {"id":"p-0","seq":0,"producer":"p","value":42,"createdAt":1700000000000000}},
 * fields in that order, no spaces, names of {@code [A-Za-z0-9._-]}, plain non-negative integers), read straight
 * from the bytes without a JSON parser. Anything else, valid JSON in another form or not JSON at all, is not
 * read here ({@code null}) and goes through the full parser, which also words every error; so what is accepted and
 * what is refused is the parser's decision, only faster for the form that arrives hundreds of thousands of times a
 * second.
 */
final class CanonicalMessage {

    private static final byte[] ID = bytes("{\"id\":\"");
    private static final byte[] SEQ = bytes("\",\"seq\":");
    private static final byte[] PRODUCER = bytes(",\"producer\":\"");
    private static final byte[] VALUE = bytes("\",\"value\":");
    private static final byte[] CREATED_AT = bytes(",\"createdAt\":");

    /** Digits a long takes without overflow, whatever they are. */
    private static final int MAX_DIGITS = 18;

    private byte[] in;
    private int at;
    /** The producer name read last and its bytes: a batch's messages, or a run's records, share one. */
    private String lastProducer;
    private byte[] lastProducerBytes;

    /**
     * A reader for one record or body after another, on one thread: a producer name the same as the last one's is
     * the same string, so it is neither built nor checked again.
     */
    CanonicalMessage() {
    }

    /** The message, if {@code json} is exactly in the canonical form and a valid message; else {@code null}. */
    static Message read(byte[] json) {
        return new CanonicalMessage().record(json);
    }

    /** As {@link #read}, with this reader's producer name kept from the records before. */
    Message record(byte[] json) {
        in = json;
        at = 0;
        Message m = message();
        return m != null && at == json.length ? m : null;
    }

    /**
     * The messages of a JSON array body, if it is exactly {@code [m,m,...]} of canonical messages (no spaces, no
     * empty array) and holds at most {@code maxMessages}; else {@code null}, and the parser reads it (and words
     * what is wrong, if anything is).
     */
    static List<Message> readArray(byte[] body, int maxMessages) {
        if (body.length < 2 || body[0] != '[') {
            return null;
        }
        CanonicalMessage reader = new CanonicalMessage();
        reader.in = body;
        reader.at = 1;
        List<Message> batch = new ArrayList<>();
        while (true) {
            if (batch.size() == maxMessages) {
                return null;
            }
            Message m = reader.message();
            if (m == null || reader.at >= body.length) {
                return null;
            }
            batch.add(m);
            byte next = body[reader.at++];
            if (next == ']') {
                return reader.at == body.length ? batch : null;
            }
            if (next != ',') {
                return null;
            }
        }
    }

    /** One message from {@code at}, which ends just past its closing brace; {@code null} if not canonical. */
    private Message message() {
        if (!literal(ID)) {
            return null;
        }
        String id = name();
        if (id == null || !literal(SEQ)) {
            return null;
        }
        long seq = number();
        if (seq < 0 || !literal(PRODUCER)) {
            return null;
        }
        String producer = producer();
        if (producer == null || !literal(VALUE)) {
            return null;
        }
        long value = number();
        if (value < Message.MIN_VALUE || value > Message.MAX_VALUE || !literal(CREATED_AT)) {
            return null;
        }
        long createdAt = number();
        if (createdAt < 0 || at >= in.length || in[at] != '}') {
            return null;
        }
        at++;
        try {
            return new Message(id, seq, producer, (int) value, createdAt);
        } catch (IllegalArgumentException e) {
            return null; // the parser says what is wrong
        }
    }

    /** As {@link #name}, and the same string as the last message's when the bytes are the same. */
    private String producer() {
        int from = at;
        if (!skipName()) {
            return null;
        }
        if (lastProducer != null && Arrays.equals(in, from, at, lastProducerBytes, 0, lastProducerBytes.length)) {
            return lastProducer;
        }
        lastProducer = new String(in, from, at - from, StandardCharsets.ISO_8859_1);
        lastProducerBytes = Arrays.copyOfRange(in, from, at);
        return lastProducer;
    }

    private boolean literal(byte[] expected) {
        if (in.length - at < expected.length) {
            return false;
        }
        for (byte b : expected) {
            if (in[at++] != b) {
                return false;
            }
        }
        return true;
    }

    /** Up to the closing quote, of name characters only; the quote is left for the next literal. */
    private String name() {
        int from = at;
        return skipName() ? new String(in, from, at - from, StandardCharsets.ISO_8859_1) : null;
    }

    /** Past one or more name characters up to a closing quote (left for the next literal); false if not so. */
    private boolean skipName() {
        int from = at;
        while (at < in.length && nameByte(in[at])) {
            at++;
        }
        return at > from && at < in.length && in[at] == '"';
    }

    private static boolean nameByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '_'
                || b == '-';
    }

    /** A plain decimal integer as JSON writes it (no sign, no leading zero), or -1. */
    private long number() {
        int from = at;
        long n = 0;
        while (at < in.length && in[at] >= '0' && in[at] <= '9') {
            n = n * 10 + (in[at++] - '0');
        }
        int digits = at - from;
        if (digits == 0 || digits > MAX_DIGITS || digits > 1 && in[from] == '0') {
            return -1;
        }
        return n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
