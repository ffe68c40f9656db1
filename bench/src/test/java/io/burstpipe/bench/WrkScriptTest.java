package io.burstpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrk script the HTTP benchmarks use as their anchor sends what the load test sends: real wrk (Debian's
 * package) posts to a local server, and every message of every body is byte for byte what {@link MessageJson}
 * writes for the same message, ids unique and in order. Skipped where wrk is not installed.
 */
@Timeout(60)
class WrkScriptTest {

    private static final Pattern MESSAGE = Pattern.compile("\\{\"id\":\"[^\"]+\",\"seq\":(\\d+),\"producer\":\"([^\"]+)\","
            + "\"value\":(\\d+),\"createdAt\":(\\d+)}");

    @TempDir
    Path dir;

    @Test
    void postsMessagesInTheLoadTestsExactForm() throws Exception {
        java.util.Optional<Wrk> found = Wrk.find("wrk");
        assumeTrue(found.isPresent(), "wrk is not installed (Debian: apt-get install wrk)");
        try (Wrk wrk = found.get()) {
            postTo(wrk);
        }
    }

    private void postTo(Wrk anchor) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/messages", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (bodies.size() < 200) {
                bodies.add(new String(body, StandardCharsets.US_ASCII));
            }
            byte[] answer = "{\"accepted\":3}".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            Process wrk = new ProcessBuilder(anchor.path(), "-t1", "-c1", "-d1s", "-s", anchor.script().toString(),
                    "http://127.0.0.1:" + server.getAddress().getPort(), "--", "3", "anchor", "1700000000000000")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("wrk.out").toFile()).start();
            assertThat(wrk.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(wrk.exitValue()).as(Files.readString(dir.resolve("wrk.out"))).isZero();
        } finally {
            server.stop(0);
        }

        assertThat(bodies).hasSizeGreaterThanOrEqualTo(2);
        // wrk calls request() once before it connects and drops that one: each thread's ids start a batch in
        long expectedSeq = -1;
        List<Integer> values = new ArrayList<>();
        for (String body : bodies) {
            assertThat(body).startsWith("[").endsWith("]");
            Matcher m = MESSAGE.matcher(body);
            List<Message> batch = new ArrayList<>();
            while (m.find()) {
                long seq = Long.parseLong(m.group(1));
                if (expectedSeq < 0) {
                    assertThat(seq % 3).isZero();
                    expectedSeq = seq;
                }
                assertThat(seq).as("ids in order, none twice").isEqualTo(expectedSeq++);
                assertThat(m.group(2)).isEqualTo("anchor-t1");
                int value = Integer.parseInt(m.group(3));
                values.add(value);
                batch.add(Message.of(m.group(2), seq, value, Long.parseLong(m.group(4))));
            }
            assertThat(batch).hasSize(3);
            assertThat(body).isEqualTo(new String(MessageJson.arrayBytes(batch), StandardCharsets.US_ASCII));
        }
        assertThat(values).allMatch(v -> v >= Message.MIN_VALUE && v <= Message.MAX_VALUE);
        assertThat(values.stream().distinct().count()).as("values drawn, not one constant").isGreaterThan(1);
    }
}
