package io.burstpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow, stuck and too many clients against a real consumer process with a 256 MiB heap: 400 senders that each
 * declare a 4 MiB body and stall before its last byte, then 700 connections that trickle their headers a byte at a
 * time. Meanwhile a good client keeps posting small batches (retrying what it is told to retry): every one of them
 * is stored, the consumer's memory stays bounded by its settings, and it keeps serving.
 */
@Timeout(240)
class SlowClientsIT {

    private static final int BIG = 4 * 1024 * 1024 - 1;

    @TempDir
    Path dir;

    private final List<Socket> cleanUp = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeSockets() {
        cleanUp.forEach(SlowClientsIT::closeQuietly);
    }

    @Test
    void slowAndStuckSendersCannotTakeTheConsumerDownWhileAGoodClientIsServed() throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess consumer = ServiceProcess.consumer(dir, port, "--store-dir", dir.resolve("store").toString(),
                "--store-latency", "0", "--store-jitter", "0", "--body-timeout", "3s", "--header-timeout", "2s",
                "--max-connections", "600");
             GoodClient good = new GoodClient(port)) {
            consumer.awaitReady(Duration.ofSeconds(60));
            long rssBefore = consumer.rssBytes();
            good.start();
            await("the good client is served").atMost(Duration.ofSeconds(20)).until(() -> good.stored.get() >= 5);
            PeakMemory peak = new PeakMemory(consumer);

            long beforeBig = good.stored.get();
            List<Socket> stalled = new ArrayList<>();
            int refusedAtOnce;
            try {
                refusedAtOnce = stalledBigBodies(port, 400, stalled);
            } finally {
                cleanUp.addAll(stalled);
            }
            await("the stalled bodies time out").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> connections(consumer).getLong("bodyTimeouts") > 0
                            && connections(consumer).getLong("bodyBytesInUse") < 1 << 20);
            JsonObject afterBig = connections(consumer);
            assertThat(afterBig.getLong("bodyBudgetRefusals")).as("refused over the 64 MiB body budget")
                    .isGreaterThanOrEqualTo(300);
            assertThat(refusedAtOnce).as("senders answered before sending their body").isGreaterThanOrEqualTo(300);
            await("the good client is still served after the big bodies").atMost(Duration.ofSeconds(20))
                    .until(() -> good.stored.get() > beforeBig + 5);

            long beforeSlow = good.stored.get();
            List<Socket> trickling = trickleHeaders(port, 700, Duration.ofSeconds(6), cleanUp);
            JsonObject afterSlow = connections(consumer);
            System.out.println("slow clients: after the big bodies " + afterBig.encode() + "; after the slow headers " + afterSlow.encode());
            assertThat(afterSlow.getLong("refused")).as("connections over --max-connections 600").isPositive();
            assertThat(afterSlow.getLong("headerTimeouts")).as("closed for not finishing their headers in 2 s")
                    .isGreaterThanOrEqualTo(500);
            assertThat(trickling).hasSize(700);
            await("the good client is still served after the slow headers").atMost(Duration.ofSeconds(20))
                    .until(() -> good.stored.get() > beforeSlow + 5);

            good.stop();
            peak.stop();
            assertThat(consumer.isAlive()).isTrue();
            assertThat(good.failures).as("good batches that failed for good").hasValue(0);
            System.out.printf("slow clients: consumer RSS %d MiB before, peak %d MiB under attack (heap 256 MiB); "
                            + "good client: %d batches stored, slowest %d ms; %s%n", rssBefore >> 20, peak.max >> 20,
                    good.stored.get(), good.slowestMillis.get(), connections(consumer).encode());
            assertThat(peak.max).as("peak RSS").isLessThan(600L << 20);
            assertThat(good.slowestMillis.get()).as("slowest good batch, retries included").isLessThan(15_000);

            consumer.sigterm();
            assertThat(consumer.awaitExit(Duration.ofSeconds(45))).as(consumer.log()).isZero();
            assertThat(StoreCheck.embedded(dir.resolve("store"), "good").ids()).isEqualTo(good.stored.get() * 10);
            assertThat(consumer.log()).doesNotContain("OutOfMemoryError").doesNotContain("ERROR");
        }
    }

    private static JsonObject connections(ServiceProcess consumer) throws Exception {
        return consumer.stats().getJsonObject("connections");
    }

    /**
     * Senders that declare a 4 MiB body and send all of it but the last byte, then stall. Returns how many were
     * answered (refused) before they could send their body.
     */
    private static int stalledBigBodies(int port, int senders, List<Socket> sockets) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        List<Future<Boolean>> refused = new ArrayList<>();
        try {
            for (int i = 0; i < senders; i++) {
                refused.add(pool.submit(() -> {
                    Socket s = new Socket();
                    synchronized (sockets) {
                        sockets.add(s);
                    }
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    s.setSoTimeout(50);
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + BIG + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (answeredAlready(s)) {
                        return true;
                    }
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    try {
                        for (int sent = 0; sent < BIG - 1; sent += chunk.length) {
                            out.write(chunk, 0, Math.min(chunk.length, BIG - 1 - sent));
                        }
                        out.flush();
                    } catch (IOException e) {
                        return true; // closed on us while sending: refused
                    }
                    return false; // stalls here, one byte short
                }));
            }
            int count = 0;
            for (Future<Boolean> f : refused) {
                if (f.get(60, TimeUnit.SECONDS)) {
                    count++;
                }
            }
            return count;
        } finally {
            pool.shutdownNow(); // the stalled ones stay open until the consumer's body timeout closes them
        }
    }

    private static boolean answeredAlready(Socket s) throws IOException {
        try {
            return s.getInputStream().read() >= 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Connections that send a request line and then one header byte every 500 ms, for {@code span}. */
    private static List<Socket> trickleHeaders(int port, int connections, Duration span, List<Socket> cleanUp)
            throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            cleanUp.add(s);
            sockets.add(s);
            s.getOutputStream().write("POST /messages HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        }
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            for (Socket s : sockets) {
                try {
                    s.getOutputStream().write('a');
                } catch (IOException e) {
                    // closed by the consumer: what it should do
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return sockets;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // test clean-up
        }
    }

    /** Samples the consumer's RSS every 100 ms until stopped. */
    private static final class PeakMemory {
        private final Thread thread;
        private volatile boolean running = true;
        volatile long max;

        PeakMemory(ServiceProcess consumer) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        max = Math.max(max, consumer.rssBytes());
                        TimeUnit.MILLISECONDS.sleep(100);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }

    /**
     * Posts a batch of 10 new messages every 50 ms; a batch refused for now (429, 503, a closed connection) is sent
     * again with the same ids after the Retry-After (or 200 ms), as the producer does, for up to 30 s.
     */
    private static final class GoodClient implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final URI uri;
        private final Thread thread;
        private volatile boolean running = true;
        final AtomicLong stored = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong slowestMillis = new AtomicLong();

        GoodClient(int port) {
            uri = URI.create("http://127.0.0.1:" + port + "/messages");
            thread = new Thread(this::loop, "good-client");
        }

        void start() {
            thread.start();
        }

        private void loop() {
            long seq = 0;
            while (running) {
                List<Message> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++, seq++) {
                    batch.add(Message.of("good", seq, 1 + (int) (seq % 100), System.currentTimeMillis() * 1000));
                }
                long start = System.nanoTime();
                if (send(MessageJson.array(batch))) {
                    stored.incrementAndGet();
                } else {
                    failures.incrementAndGet();
                }
                slowestMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private boolean send(String body) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                long waitMillis = 200;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return true;
                    }
                    if (r.statusCode() != 429 && r.statusCode() != 503) {
                        return false;
                    }
                    waitMillis = 1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1"));
                } catch (IOException e) {
                    // refused or closed under the attack: try again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(40_000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
