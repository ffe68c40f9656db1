package io.burstpipe.transport;

import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Batches as Kafka records, one record per message (JSON value, key = producer id), with
 * {@code acks=all} and idempotence, so a batch is answered once every record is in the log on all
 * in-sync replicas. A failed batch is resent whole by the producer core; the consumer's store
 * skips the ids it already has. Memory is bounded by the core's in-flight window (window x batch
 * records), not by the Kafka client's buffer.
 */
public final class KafkaTransport implements Transport {

    private final KafkaProducer<String, String> producer;
    private final Producer<String, String> kafka;
    private final String topic;
    private final boolean keyed;

    public KafkaTransport(Vertx vertx, KafkaSettings settings, long requestTimeoutMs) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", settings.bootstrap());
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("max.in.flight.requests.per.connection", "5");
        config.put("linger.ms", String.valueOf(settings.lingerMs()));
        config.put("batch.size", String.valueOf(settings.batchBytes()));
        config.put("compression.type", "none");
        config.put("request.timeout.ms", String.valueOf(Math.min(requestTimeoutMs, 30_000)));
        config.put("delivery.timeout.ms", String.valueOf(Math.max(requestTimeoutMs, 31_000)));
        config.put("max.block.ms", String.valueOf(requestTimeoutMs));
        this.producer = KafkaProducer.create(vertx, config);
        this.kafka = producer.unwrap();
        this.topic = settings.topic();
        this.keyed = settings.keyByProducer();
    }

    /**
     * Hands the records to the Kafka client's own asynchronous send (the wrapped producer would run
     * every record through a worker task); the batch completes when the last acknowledgement arrives.
     */
    @Override
    public CompletionStage<Answer> send(List<Message> batch) {
        CompletableFuture<Answer> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(batch.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            if (left.decrementAndGet() == 0) {
                if (failure.get() != null) {
                    done.completeExceptionally(failure.get());
                } else {
                    done.complete(Answer.Accepted.ALL);
                }
            }
        };
        StringBuilder json = new StringBuilder(128);
        try {
            for (Message m : batch) {
                json.setLength(0);
                MessageJson.append(json, m);
                kafka.send(new ProducerRecord<>(topic, keyed ? m.producer() : null, json.toString()), callback);
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close();
    }
}
