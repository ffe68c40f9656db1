package io.burstpipe.transport;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Batches as JSON arrays to {@code POST <target>/messages} (or another path), over up to {@code connections}
 * keep-alive HTTP/1.1 connections, one request on a connection at a time.
 *
 * <p>Built on Netty's HTTP codec on one of the Vert.x instance's event loops, with a connection list of its own: a
 * sender fires thousands of requests a second, and a general-purpose client's pool, futures and request objects cost
 * it more CPU per request than encoding the batch does. A request waits for a free connection, opens one while fewer
 * than {@code connections} are open, and fails (counted by the caller) when its connection cannot be opened, closes
 * under it, or gives no answer within {@code timeoutMs}.
 */
public final class HttpTransport implements Transport {

    /** Idle connections are closed after this long, before a consumer drops them (its --idle-timeout is 60 s). */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The largest answer read; ours are a few dozen bytes. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final AsciiString JSON = AsciiString.cached("application/json");
    /** Our own headers need no checking. */
    private static final DefaultHttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final String host;
    private final int port;
    private final AsciiString hostHeader;
    private final String path;
    private final int maxConnections;
    private final long timeoutMs;
    private final SslContext ssl;

    // the state below is touched on the loop only
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final List<Connection> open = new ArrayList<>();
    private int connecting;
    private boolean closed;

    public HttpTransport(Vertx vertx, String target, int connections, long timeoutMs) {
        this(vertx, target, "/messages", connections, timeoutMs);
    }

    /** Batches to {@code <target><path>}: any endpoint that takes our JSON batches. */
    public HttpTransport(Vertx vertx, String target, String path, int connections, long timeoutMs) {
        URI uri = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("target must be http://host[:port][/path] or https://... (was '"
                    + target + "')");
        }
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        this.hostHeader = AsciiString.cached(uri.getPort() > 0 ? host + ":" + port : host);
        this.path = (uri.getRawPath() == null ? "" : uri.getRawPath()) + path;
        this.maxConnections = Math.max(1, connections);
        this.timeoutMs = timeoutMs;
        try {
            this.ssl = https ? SslContextBuilder.forClient().build() : null;
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for " + target + ": " + e.getMessage(), e);
        }
        ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
        this.loop = context.nettyEventLoop();
        this.bootstrap = new Bootstrap().group(loop)
                .channelFactory(((VertxInternal) vertx).transport().channelFactory(false))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (ssl != null) {
                            channel.pipeline().addLast(ssl.newHandler(channel.alloc(), host, port));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES),
                                new Connection());
                    }
                });
    }

    /** One batch on its way: its body and who waits for the answer. */
    private record Request(ByteBuf body, CompletableFuture<Answer> answer) {
    }

    /** A batch encoded ahead of its send. */
    private record Encoded(List<Message> batch, byte[] body) implements Prepared {
        @Override
        public long bytes() {
            return body.length;
        }
    }

    /** {@inheritDoc} The batch is encoded on the calling thread; called on this transport's loop, it goes at once. */
    @Override
    public CompletionStage<Answer> send(List<Message> batch) {
        return send(prepare(batch));
    }

    /** Encodes the batch on the calling thread. */
    @Override
    public Prepared prepare(List<Message> batch) {
        return new Encoded(batch, MessageJson.arrayBytes(batch));
    }

    /** {@inheritDoc} Called on this transport's loop, it goes at once. */
    @Override
    public CompletionStage<Answer> send(Prepared batch) {
        byte[] body = batch instanceof Encoded e ? e.body() : MessageJson.arrayBytes(batch.batch());
        Request request = new Request(Unpooled.wrappedBuffer(body), new CompletableFuture<>());
        if (loop.inEventLoop()) {
            submit(request);
        } else {
            loop.execute(() -> submit(request));
        }
        return request.answer();
    }

    /** Answers complete on this transport's loop, where {@link #send} hands the request to a connection at once. */
    @Override
    public boolean sendsFromAnswers() {
        return true;
    }

    private void submit(Request request) {
        if (closed) {
            request.answer().completeExceptionally(new IllegalStateException("the HTTP transport is closed"));
            return;
        }
        Connection free = takeIdle();
        if (free != null) {
            free.start(request);
            return;
        }
        waiting.addLast(request);
        if (open.size() + connecting < maxConnections) {
            connect();
        }
    }

    /** The idle connection used last (fewest connections stay warm), dropping any idle past the keep-alive. */
    private Connection takeIdle() {
        long now = System.nanoTime();
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            if (now - c.idleSince < KEEP_ALIVE_NANOS && c.channel.isActive()) {
                return c;
            }
            c.channel.close();
        }
        return null;
    }

    private void connect() {
        connecting++;
        bootstrap.connect(host, port).addListener((ChannelFuture f) -> {
            connecting--;
            if (f.isSuccess()) {
                Connection c = f.channel().pipeline().get(Connection.class);
                if (closed) {
                    f.channel().close();
                    return;
                }
                open.add(c);
                c.ready();
            } else {
                // the request that asked for this connection fails with it; the next one tries again
                Request first = waiting.pollFirst();
                if (first != null) {
                    fail(first, f.cause());
                }
                if (!waiting.isEmpty() && open.size() + connecting < maxConnections) {
                    connect();
                }
            }
        });
    }

    private static void fail(Request request, Throwable cause) {
        request.body().release();
        request.answer().completeExceptionally(cause);
    }

    /** One connection: at most one request on it, its timer, and what comes back. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private Channel channel;
        private Request current;
        private ScheduledFuture<?> timer;
        private long idleSince;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        /** Takes the next waiting request, or joins the idle ones. */
        void ready() {
            Request next = waiting.pollFirst();
            if (next != null) {
                start(next);
            } else {
                idleSince = System.nanoTime();
                idle.addFirst(this);
            }
        }

        void start(Request request) {
            current = request;
            HttpHeaders headers = HEADERS.newHeaders()
                    .add(HttpHeaderNames.HOST, hostHeader)
                    .add(HttpHeaderNames.CONTENT_TYPE, JSON)
                    .add(HttpHeaderNames.CONTENT_LENGTH, request.body().readableBytes());
            DefaultFullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                    request.body(), headers, DefaultHttpHeadersFactory.trailersFactory().newEmptyHeaders());
            timer = loop.schedule(() -> abort(new TimeoutException("no answer from " + hostHeader + path
                    + " within " + timeoutMs + " ms")), timeoutMs, TimeUnit.MILLISECONDS);
            channel.writeAndFlush(http).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    abort(f.cause());
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Request request = current;
            if (request == null) {
                channel.close();
                return;
            }
            current = null;
            timer.cancel(false);
            Answer answer = answer(response.status().code(), response.headers().get("Retry-After"),
                    response.content());
            if (HttpUtil.isKeepAlive(response) && !closed) {
                ready();
            } else {
                channel.close();
            }
            request.answer().complete(answer);
        }

        /** The request on this connection fails, and the connection closes (what it held is unknown). */
        private void abort(Throwable cause) {
            Request request = current;
            current = null;
            if (timer != null) {
                timer.cancel(false);
            }
            channel.close();
            if (request != null) {
                request.answer().completeExceptionally(cause);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            abort(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.remove(this);
            idle.remove(this);
            if (current != null) {
                abort(new java.io.IOException("connection to " + hostHeader + " closed before the answer"));
            }
            if (!closed && !waiting.isEmpty() && open.size() + connecting < maxConnections) {
                connect();
            }
        }
    }

    private static Answer answer(int status, String retryAfter, ByteBuf body) {
        if (status >= 200 && status < 300) {
            int dropped = droppedOf(body);
            if (dropped >= 0) {
                return dropped == 0 ? Answer.Accepted.ALL : new Answer.Accepted(dropped);
            }
        }
        int dropped = 0;
        String detail = "";
        String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
        try {
            JsonObject json = text.isEmpty() ? null : new JsonObject(text);
            if (json != null) {
                dropped = json.getInteger("dropped", 0);
                detail = json.getString("error", "");
            }
        } catch (RuntimeException e) {
            detail = text;
        }
        long retryAfterMs = 0;
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            retryAfterMs = Long.parseLong(retryAfter) * 1000;
        }
        String reason = status + (detail == null || detail.isEmpty() ? "" : " " + detail);
        if (status >= 200 && status < 300) {
            return dropped == 0 ? Answer.Accepted.ALL : new Answer.Accepted(dropped);
        }
        if (status == 429) {
            return new Answer.RetryLater(Answer.Why.PUSH_BACK, retryAfterMs, reason);
        }
        if (status == 503 || status >= 500) {
            return new Answer.RetryLater(Answer.Why.UNAVAILABLE, retryAfterMs, reason);
        }
        return new Answer.Refused(reason);
    }

    private static final byte[] DROPPED = "\"dropped\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The {@code "dropped":N} of an answer read straight off its bytes (every accepted batch is answered, and a JSON
     * parser per answer costs the sender more than the rest of the answer's handling): 0 if the answer has no such
     * key, -1 if it has one written some other way (spaces, a fraction), which the JSON parser then reads.
     */
    static int droppedOf(ByteBuf body) {
        if (body == null) {
            return 0;
        }
        int from = body.readerIndex();
        int n = body.writerIndex();
        int key = -1;
        for (int i = from; i + DROPPED.length <= n && key < 0; i++) {
            int j = 0;
            while (j < DROPPED.length && body.getByte(i + j) == DROPPED[j]) {
                j++;
            }
            if (j == DROPPED.length) {
                key = i + j;
            }
        }
        if (key < 0) {
            return 0;
        }
        if (key >= n || body.getByte(key) != ':') {
            return -1;
        }
        long value = 0;
        int at = key + 1;
        while (at < n && at - key <= 11 && body.getByte(at) >= '0' && body.getByte(at) <= '9') {
            value = value * 10 + (body.getByte(at) - '0');
            at++;
        }
        boolean ends = at < n && (body.getByte(at) == ',' || body.getByte(at) == '}');
        return at > key + 1 && at - key <= 11 && ends && value <= Integer.MAX_VALUE ? (int) value : -1;
    }

    /** Fails what waits, closes every connection (what is in flight fails with it); waits up to 5 s for that. */
    @Override
    public void close() {
        CountDownLatch closedAll = new CountDownLatch(1);
        Runnable shut = () -> {
            closed = true;
            Request r;
            while ((r = waiting.pollFirst()) != null) {
                fail(r, new IllegalStateException("the HTTP transport closed before this batch went out"));
            }
            idle.clear();
            for (Connection c : List.copyOf(open)) {
                c.channel.close();
            }
            closedAll.countDown();
        };
        if (loop.inEventLoop()) {
            shut.run();
            return;
        }
        try {
            loop.execute(shut);
            closedAll.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the event loop has already shut down with its Vert.x instance, and the connections with it
        }
    }
}
