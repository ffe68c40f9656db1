package io.burstpipe.consumer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The canonical fast path decodes exactly what the parser does, records and array bodies alike, and leaves every
 * other form to it.
 */
class CanonicalMessageTest {

    private final BatchParser parser = new BatchParser(1);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whatSendersWriteIsReadAsTheParserReadsIt() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        String[] producers = {"p", "lt-mx52oxlt", "a.b_c-D9", "x".repeat(64)};
        for (int i = 0; i < 20_000; i++) {
            long seq = i < 10 ? i : random.nextLong(Long.MAX_VALUE / 10);
            Message m = Message.of(producers[i % producers.length], seq, random.nextInt(1, 101),
                    i < 10 ? i : random.nextLong(1L << 53));
            byte[] json = utf8(MessageJson.append(new StringBuilder(), m).toString());
            assertThat(CanonicalMessage.read(json)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(m)
                    .isEqualTo(parser.parseFully(json));
        }
    }

    @Test
    void everyOtherFormGoesToTheParserWithTheSameOutcome() {
        List<String> others = List.of(
                "{\"id\":\"p-1\", \"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":5}",     // a space
                "{\"seq\":1,\"id\":\"p-1\",\"producer\":\"p\",\"value\":42,\"createdAt\":5}",      // another order
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":5,\"x\":1}",
                "{\"id\":\"p-1\",\"seq\":01,\"producer\":\"p\",\"value\":42,\"createdAt\":5}",     // leading zero
                "{\"id\":\"p-1\",\"seq\":-1,\"producer\":\"p\",\"value\":42,\"createdAt\":5}",
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":101,\"createdAt\":5}",     // out of range
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":0,\"createdAt\":5}",
                "{\"id\":\"p-2\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":5}",      // wrong id
                "{\"id\":\"p\\u002d1\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":5}", // an escape
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":5} ",     // trailing space
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":5}}",
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":5.0}",
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":1234567890123456789012}",
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"pé\",\"value\":42,\"createdAt\":5}",
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"\",\"value\":42,\"createdAt\":5}",
                "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":42,\"createdAt\":",
                "{\"id\":\"p-1\"", "", "{}", "[]", "null");
        for (String text : others) {
            byte[] json = utf8(text);
            assertThat(CanonicalMessage.read(json)).as(text).isNull();
            Object viaParseOne = outcome(() -> parser.parseOne(json));
            Object viaParser = outcome(() -> parser.parseFully(json));
            assertThat(viaParseOne).as(text).isEqualTo(viaParser);
        }
    }

    @Test
    void aRecordReaderKeepsOneProducerStringAcrossRecords() throws Exception {
        BatchParser.RecordReader reader = new BatchParser(1).recordReader();
        List<String> producers = List.of("a", "a", "bb", "bb", "a", "a.b_c-D9");
        Message last = null;
        for (int i = 0; i < producers.size(); i++) {
            Message m = Message.of(producers.get(i), i, 1 + i, 1000 + i);
            byte[] json = utf8(MessageJson.append(new StringBuilder(), m).toString());
            Message read = reader.parse(json);
            assertThat(read).isEqualTo(m).isEqualTo(parser.parseFully(json));
            if (last != null && last.producer().equals(read.producer())) {
                assertThat(read.producer()).isSameAs(last.producer());
            }
            last = read;
        }
        // another form in between still goes to the parser, and the next canonical record reads as before
        assertThat(reader.parse(utf8("{\"seq\":9,\"id\":\"a-9\",\"producer\":\"a\",\"value\":1,"
                + "\"createdAt\":5}"))).isEqualTo(Message.of("a", 9, 1, 5));
        assertThat(outcome(() -> reader.parse(utf8("{\"id\":\"a-1\"")))).asString().startsWith("400");
        assertThat(reader.parse(utf8(MessageJson.append(new StringBuilder(), Message.of("a", 10, 2, 6)).toString())))
                .isEqualTo(Message.of("a", 10, 2, 6));
    }

    @Test
    void arraysSendersWriteAreReadAsTheParserReadsThem() throws Exception {
        BatchParser batches = new BatchParser(1000);
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(1000);
            List<Message> batch = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                // mostly one producer a batch, as senders write them, sometimes several
                String producer = random.nextInt(10) == 0 ? "other-" + random.nextInt(3) : "lt-" + round;
                batch.add(Message.of(producer, random.nextLong(1L << 40), random.nextInt(1, 101),
                        random.nextLong(1L << 53)));
            }
            byte[] body = MessageJson.arrayBytes(batch);
            assertThat(CanonicalMessage.readArray(body, 1000)).isEqualTo(batch)
                    .isEqualTo(batches.parseArrayFully(body));
        }
    }

    @Test
    void everyOtherArrayGoesToTheParserWithTheSameOutcome() {
        String m0 = "{\"id\":\"p-0\",\"seq\":0,\"producer\":\"p\",\"value\":42,\"createdAt\":5}";
        String m1 = "{\"id\":\"p-1\",\"seq\":1,\"producer\":\"p\",\"value\":7,\"createdAt\":6}";
        String bad = "{\"id\":\"p-2\",\"seq\":2,\"producer\":\"p\",\"value\":700,\"createdAt\":6}";
        List<String> others = List.of(
                "[" + m0 + ", " + m1 + "]", "[ " + m0 + "]", "[" + m0 + "]\n", "[" + m0 + "," + m1 + ",]",
                "[" + m0 + "," + bad + "]", "[" + m0 + m1 + "]", "[" + m0, "[" + m0 + ",", "[]", "[", "]",
                m0, "[" + m0 + "," + m1 + "," + m0 + "]", "[" + m0 + "],[" + m1 + "]", "[null]", "[[" + m0 + "]]");
        BatchParser two = new BatchParser(2);
        for (String text : others) {
            byte[] body = utf8(text);
            assertThat(CanonicalMessage.readArray(body, 2)).as(text).isNull();
            Object viaParse = outcome(() -> two.parse(BatchParser.JSON, io.vertx.core.buffer.Buffer.buffer(body)));
            Object viaParser = outcome(() -> two.parseArrayFully(body));
            assertThat(viaParse).as(text).isEqualTo(viaParser);
        }
        // one more than the bound: refused by the parser, with its words
        assertThat(outcome(() -> two.parse(BatchParser.JSON, io.vertx.core.buffer.Buffer.buffer(
                utf8("[" + m0 + "," + m1 + "," + m0 + "]"))))).asString().startsWith("413");
        assertThat(CanonicalMessage.readArray(utf8("[" + m0 + "," + m1 + "]"), 2)).hasSize(2);
    }

    private interface Parse {
        Object run() throws Exception;
    }

    /** The message, or the error's status and text. */
    private static Object outcome(Parse parse) {
        try {
            return parse.run();
        } catch (BadRequest e) {
            return e.status() + " " + e.getMessage();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
