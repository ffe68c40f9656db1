package io.burstpipe.loadtest;

import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.kafka.KafkaTopics;
import io.burstpipe.transport.HttpTransport;
import io.burstpipe.transport.KafkaTransport;
import io.burstpipe.transport.NoopTransport;
import io.burstpipe.transport.Transport;
import io.burstpipe.transport.TransportKind;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;

/**
 * What a load test talks to: the transport the messages go out on, the burstpipe consumer to look inside (if
 * there is one and it answers {@code /stats}), the Kafka group whose lag is watched, and a name for the report.
 * {@link #close()} closes all of them.
 */
final class LoadTarget implements AutoCloseable {

    final Transport sender;
    final ConsumerProbe probe;
    final GroupLag lag;
    /** The consumer processes the load test started (the first is the target), or {@code null}. */
    final ConsumerGroup group;
    private final String destination;

    private LoadTarget(Transport sender, ConsumerProbe probe, GroupLag lag, ConsumerGroup group, String destination) {
        this.sender = sender;
        this.probe = probe;
        this.lag = lag;
        this.group = group;
        this.destination = destination;
    }

    /**
     * Opens the target; for Kafka the topic is created if missing.
     *
     * @param own  the consumer process the load test started for this run (the target), or {@code null}
     * @param note told what the user should know (a consumer URL that is not a burstpipe consumer's)
     * @throws IOException if an HTTP target does not accept connections
     */
    static LoadTarget open(Vertx vertx, LoadTestConfig s, ConsumerProcess own,
                           java.util.function.Consumer<String> note) throws Exception {
        LoadTestConfig.Target t = s.target();
        if (t.transport() == TransportKind.HTTP && !reachable(t.url())) {
            throw new IOException("cannot reach " + t.url() + ": nothing listens there (start a consumer: "
                    + "./burstpipe consumer)");
        }
        long timeoutMs = s.send().requestTimeout().toMillis();
        Transport sender;
        GroupLag lag = null;
        String destination;
        if (t.transport() == TransportKind.KAFKA) {
            KafkaSettings k = t.kafka();
            KafkaTopics.ensure(k.bootstrap(), k.topic(), k.partitions(), (short) 1);
            sender = new KafkaTransport(vertx, k, timeoutMs);
            lag = new GroupLag(k.bootstrap(), k.topic(), k.group());
            destination = "kafka topic " + k.topic() + " at " + k.bootstrap() + " (group " + k.group() + ")";
        } else if (t.transport() == TransportKind.NOOP) {
            sender = new NoopTransport();
            destination = "noop (answers at once)";
        } else {
            sender = new HttpTransport(vertx, t.url(), t.path(), s.send().maxInflight(), timeoutMs);
            destination = t.url() + t.path();
        }
        ConsumerProbe probe = t.consumer().map(url -> new ConsumerProbe(vertx, url, t.controlToken())).orElse(null);
        if (probe != null && probe.stats().isEmpty()) {
            note.accept("note: " + probe.base() + "/stats is not a burstpipe consumer's; running without queue "
                    + "figures");
            probe.close();
            probe = null;
        }
        return new LoadTarget(sender, probe, lag, own == null ? null : new ConsumerGroup(own), destination);
    }

    String destination() {
        return destination;
    }

    Optional<ConsumerProbe> probe() {
        return Optional.ofNullable(probe);
    }

    private static boolean reachable(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (group != null) {
            group.close();
        }
        sender.close();
        if (probe != null) {
            probe.close();
        }
        if (lag != null) {
            lag.close();
        }
    }
}
