package io.burstpipe.consumer.kafka;

import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.kafka.KafkaTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka intake: one consumer in the group, its records into the same bounded queue and store writers as HTTP
 * intake (through {@code Intake}). Offsets are committed only up to records that are durable (or were skipped as
 * undecodable, or taken by the dead-letter topic when one is set), so after a crash or a rebalance the next owner
 * re-reads from there and the idempotent store drops the repeats. The polling runs as a {@link KafkaPoller}
 * worker; if it dies, {@link #failure()} says why and the listener set with {@link #onFailure} is told.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class KafkaIntake {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIntake.class);

    /** Makes the Kafka consumer from its properties; the default is the plain client. */
    public interface Clients {
        Clients KAFKA = props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer(Properties props);
    }

    private final Vertx vertx;
    private final KafkaSettings settings;
    private final ConsumerCore core;
    private final int pauseAbove;
    private final int resumeBelow;
    private final int maxPollRecords;
    private final Clients clients;
    private final KafkaIntakeStats stats = new KafkaIntakeStats();
    private volatile Consumer<Throwable> onFailure = e -> { };
    private volatile KafkaPoller poller;

    public KafkaIntake(Vertx vertx, KafkaSettings settings, ConsumerCore core, int pauseAbove, int resumeBelow,
                       int maxPollRecords, Clients clients) {
        this.maxPollRecords = maxPollRecords;
        this.vertx = vertx;
        this.settings = settings;
        this.core = core;
        this.pauseAbove = pauseAbove;
        this.resumeBelow = resumeBelow;
        this.clients = clients;
    }

    public KafkaIntakeStats stats() {
        return stats;
    }

    /** Why the intake died (it no longer takes records in); empty while it runs or once it was closed. */
    public Optional<Throwable> failure() {
        KafkaPoller p = poller;
        return p == null ? Optional.empty() : p.failure();
    }

    /** Told once, on the dying intake thread, if it ends on an error. */
    public void onFailure(Consumer<Throwable> listener) {
        onFailure = listener;
    }

    /** Creates the topic (and the dead-letter topic) if missing, joins the group and starts polling. */
    public Future<Void> start() {
        String dlt = settings.deadLetterTopic();
        return KafkaTopics.ensure(vertx, settings.bootstrap(), settings.topic(), settings.partitions(), (short) 1)
                .compose(x -> dlt == null ? Future.succeededFuture()
                        : KafkaTopics.ensure(vertx, settings.bootstrap(), dlt, 1, (short) 1))
                .compose(x -> vertx.executeBlocking(() -> {
                    DeadLetters deadLetters = dlt == null ? null : new DeadLetters(settings.bootstrap(), dlt, stats);
                    KafkaPoller p = new KafkaPoller(clients.consumer(properties()), settings.topic(), core,
                            deadLetters, stats, new PauseHysteresis(pauseAbove, resumeBelow));
                    p.onFailure(cause -> onFailure.accept(cause));
                    poller = p;
                    p.start();
                    LOG.info("kafka intake: topic {} group {} at {}; pause above {}, resume below {}, up to {} "
                            + "records a poll; undecodable records {}", settings.topic(), settings.group(),
                            settings.bootstrap(), pauseAbove, resumeBelow, maxPollRecords,
                            dlt == null ? "skipped" : "to " + dlt);
                    return null;
                }));
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return props;
    }

    /** Stops fetching (at shutdown, before the drain); completes once the partitions are paused. */
    public Future<Void> pauseForStop() {
        KafkaPoller p = poller;
        return p == null ? Future.succeededFuture() : p.pauseForStop();
    }

    /** After the drain: commits what became durable and leaves the group. */
    public Future<Void> close() {
        KafkaPoller p = poller;
        if (p == null) {
            return Future.succeededFuture();
        }
        p.initiateShutdown();
        return p.closed();
    }
}
