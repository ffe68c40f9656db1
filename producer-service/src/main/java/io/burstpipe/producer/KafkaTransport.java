package io.burstpipe.producer;

import io.burstpipe.kafka.KafkaSettings;
import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Batches as Kafka records, one record per message (JSON value, key = producer id), with
 * {@code acks=all} and idempotence, so a batch is answered once every record is in the log on all
 * in-sync replicas. A failed batch is resent whole by the producer core; the consumer's store
 * skips the ids it already has. Memory is bounded by the core's in-flight window (window x batch
 * records), not by the Kafka client's buffer.
 */
public final class KafkaTransport implements Transport {

    private final KafkaProducer<String, String> producer;
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
        this.topic = settings.topic();
        this.keyed = settings.keyByProducer();
    }

    @Override
    public CompletionStage<Answer> send(List<Message> batch) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        StringBuilder json = new StringBuilder(128);
        for (Message m : batch) {
            json.setLength(0);
            MessageJson.append(json, m);
            sends.add(producer.send(KafkaProducerRecord.create(topic, keyed ? m.producer() : null, json.toString())));
        }
        return Future.all(sends).map(all -> new Answer(200, 0, 0, "")).toCompletionStage();
    }

    @Override
    public void close() {
        producer.close();
    }
}
