package io.burstpipe.consumer;

import io.burstpipe.consumer.core.ConnectionLimits;
import io.burstpipe.store.SlowStoreSettings;
import io.burstpipe.consumer.core.ConsumerConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.consumer.intake.OverflowPolicy;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** POST /messages bodies on the wire, byte for byte: empty ones, odd framings, what the reply counts. */
@Timeout(60)
class IntakeBodiesTest {

    @TempDir
    Path dir;

    private ConsumerApp app;

    @BeforeEach
    void start() throws Exception {
        app = new ConsumerApp(ConsumerConfig.defaults().withPort(0)
                .withHttp(new ConsumerConfig.HttpIntake(50, 4096, 64, ConnectionLimits.DEFAULTS))
                .withStore(new ConsumerConfig.Embedded(dir)).withSlow(SlowStoreSettings.NONE)
                .withDrainTimeout(Duration.ofSeconds(10)).withControlToken("s3cret")).start();
    }

    @AfterEach
    void stop() throws Exception {
        app.requestStop();
        assertThat(app.awaitTermination(Duration.ofSeconds(30))).isZero();
    }

    /** Sends raw bytes, returns the status line and body of the answer (the connection is closed after it). */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return text.substring(0, text.indexOf("\r\n")) + " " + (split < 0 ? "" : text.substring(split + 4));
        }
    }

    private static String post(String contentType, String headers, String body) {
        return "POST /messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + contentType + "\r\n"
                + headers + "\r\n" + body;
    }

    @Test
    void anEmptyBodyIs400WithAMessageHoweverItIsFramed() throws Exception {
        String json = "HTTP/1.1 400 Bad Request {\"error\":\"request body is empty: send a JSON array of message "
                + "objects\"}";
        String ndjson = "HTTP/1.1 400 Bad Request {\"error\":\"request body is empty: send one message object per "
                + "line\"}";
        assertThat(exchange(post("application/json", "Content-Length: 0\r\n", ""))).isEqualTo(json);
        assertThat(exchange(post("application/x-ndjson", "Content-Length: 0\r\n", ""))).isEqualTo(ndjson);
        assertThat(exchange(post("application/json", "Transfer-Encoding: chunked\r\n", "0\r\n\r\n"))).isEqualTo(json);
        assertThat(exchange(post("application/json", "Content-Length: 3\r\n", " \n "))).isEqualTo(json);
        assertThat(exchange("POST /messages HTTP/1.0\r\nContent-Type: application/json\r\n\r\n"))
                .isEqualTo(json.replace("HTTP/1.1", "HTTP/1.0"));
        // the service is still fine
        String batch = MessageJson.array(List.of(Message.of("ok", 0, 5, 1)));
        assertThat(exchange(post("application/json", "Content-Length: " + batch.length() + "\r\n", batch)))
                .startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        String batch = MessageJson.array(List.of(Message.of("chunks", 0, 5, 1), Message.of("chunks", 1, 6, 1)));
        String half = batch.substring(0, 20);
        String rest = batch.substring(20);
        String body = Integer.toHexString(half.length()) + "\r\n" + half + "\r\n" + Integer.toHexString(rest.length())
                + "\r\n" + rest + "\r\n0\r\n\r\n";
        assertThat(exchange(post("application/json", "Transfer-Encoding: chunked\r\n", body)))
                .isEqualTo("HTTP/1.1 200 OK {\"received\":2,\"stored\":2,\"duplicates\":0,\"dropped\":0}");
    }

    @Test
    void theReplyCountsDuplicatesApartFromWhatItStored() throws Exception {
        Message m0 = Message.of("dup", 0, 5, 1);
        Message m1 = Message.of("dup", 1, 6, 1);
        String batch = MessageJson.array(List.of(m0, m0, m1, m0));
        assertThat(exchange(post("application/json", "Content-Length: " + batch.length() + "\r\n", batch)))
                .isEqualTo("HTTP/1.1 200 OK {\"received\":4,\"stored\":2,\"duplicates\":2,\"dropped\":0}");
        // the same batch again (a producer's retry): nothing new
        assertThat(exchange(post("application/json", "Content-Length: " + batch.length() + "\r\n", batch)))
                .isEqualTo("HTTP/1.1 200 OK {\"received\":4,\"stored\":0,\"duplicates\":4,\"dropped\":0}");
    }

    @Test
    void aNegativeCreatedAtIsRefusedNamingTheField() throws Exception {
        String body = "[{\"producer\":\"p\",\"seq\":0,\"value\":7,\"createdAt\":-5}]";
        assertThat(exchange(post("application/json", "Content-Length: " + body.length() + "\r\n", body)))
                .isEqualTo("HTTP/1.1 400 Bad Request {\"error\":\"message 0: createdAt must be >= 0 (the intended "
                        + "send time in epoch microseconds) (was -5)\"}");
    }

    @Test
    void ndjsonErrorsNameTheLine() throws Exception {
        String body = "{\"producer\":\"p\",\"seq\":0,\"value\":7,\"createdAt\":1}\n\n"
                + "{\"producer\":\"p\",\"seq\":1,\"createdAt\":1}\n";
        assertThat(exchange(post("application/x-ndjson", "Content-Length: " + body.length() + "\r\n", body)))
                .isEqualTo("HTTP/1.1 400 Bad Request {\"error\":\"line 3: missing field 'value'\"}");
        String notJson = "{\"producer\":\"p\",\"seq\":0,\"value\":7,\"createdAt\":1}\nnope\n";
        assertThat(exchange(post("application/x-ndjson", "Content-Length: " + notJson.length() + "\r\n", notJson)))
                .startsWith("HTTP/1.1 400 Bad Request {\"error\":\"line 2: not a JSON object");
    }
}
