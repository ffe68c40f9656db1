package io.burstpipe.readme;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Someone else's endpoint" for the README's load-test example: {@code POST /ingest} takes a JSON array of messages
 * and answers 200 with how many it counted. {@code java -cp ... IngestEndpoint PORT}; runs until killed.
 */
public final class IngestEndpoint {

    private IngestEndpoint() {
    }

    public static void main(String[] args) throws IOException {
        AtomicLong messages = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[0])), 128);
        server.createContext("/ingest", exchange -> {
            long count = 0;
            try (InputStream in = exchange.getRequestBody()) {
                for (byte b : in.readAllBytes()) {
                    if (b == '{') {
                        count++;
                    }
                }
            }
            byte[] answer = ("{\"received\":" + count + "}").getBytes(StandardCharsets.UTF_8);
            messages.addAndGet(count);
            int status = "POST".equals(exchange.getRequestMethod()) ? 200 : 405;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("ingest endpoint on 127.0.0.1:" + args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("ingest endpoint: " + messages.get()
                + " messages")));
    }
}
