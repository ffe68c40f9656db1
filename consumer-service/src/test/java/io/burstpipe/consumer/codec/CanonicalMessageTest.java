package io.burstpipe.consumer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The canonical fast path decodes exactly what the parser does, and leaves every other form to it. */
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

    private interface Parse {
        Message run() throws Exception;
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
