package io.burstpipe.consumer.http;

import io.burstpipe.consumer.core.ConsumerCore;
import io.burstpipe.consumer.intake.IntakeStats;
import io.burstpipe.consumer.kafka.KafkaIntakeStats;
import io.burstpipe.flow.BoundedPipeline;
import io.burstpipe.flow.WriterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The consumer's Prometheus metrics (Micrometer), read from the live counters on every scrape. */
public final class ConsumerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaIntakeStats kafka;
    private MultiGauge partitionLag;

    /** @param kafka the Kafka intake's figures, or {@code null} over HTTP only */
    public ConsumerMetrics(ConsumerCore core, IntSupplier inflightBatches, KafkaIntakeStats kafka) {
        this.kafka = kafka;
        queue(core, inflightBatches);
        stages(core.intakeStats(), core.writerStats());
        latencies(core.intakeStats(), core.writerStats());
        if (kafka != null) {
            kafka();
        }
    }

    private void queue(ConsumerCore core, IntSupplier inflightBatches) {
        BoundedPipeline<?> pipeline = core.pipeline();
        Gauge.builder("burstpipe_queue_depth", pipeline, BoundedPipeline::depth)
                .description("Messages in the bounded queue now").register(registry);
        Gauge.builder("burstpipe_queue_capacity", pipeline, BoundedPipeline::capacity)
                .description("Capacity of the bounded queue").register(registry);
        Gauge.builder("burstpipe_queue_high_water", pipeline, BoundedPipeline::highWaterMark)
                .description("Highest queue depth seen").register(registry);
        Gauge.builder("burstpipe_consumer_paused", core, c -> c.isPaused() ? 1 : 0)
                .description("1 while the store writers are paused").register(registry);
        Gauge.builder("burstpipe_consumer_inflight_batches", inflightBatches, IntSupplier::getAsInt)
                .description("Requests being taken in or waiting for their batch to be durable").register(registry);
    }

    private void stages(IntakeStats intake, WriterStats writers) {
        stage("received", intake.received);
        stage("accepted", intake.accepted);
        stage("stored", writers.stored);
        stage("duplicate", writers.duplicates);
        stage("rejected", intake.rejected);
        stage("dropped", intake.dropped);
        stage("not_accepted", intake.notAccepted);
        stage("abandoned", writers.abandoned);
        FunctionCounter.builder("burstpipe_store_write_failures", writers.failedWrites, LongAdder::sum)
                .description("Batch writes that failed and were retried").register(registry);
        FunctionCounter.builder("burstpipe_batches_invalid", intake.invalidBatches, LongAdder::sum)
                .description("Requests refused as malformed (400/413/415)").register(registry);
    }

    private void latencies(IntakeStats intake, WriterStats writers) {
        Timer storeWrite = histogram("burstpipe_store_write", "Time to write one batch durably");
        Timer endToEnd = histogram("burstpipe_end_to_end", "From intended send time to durable in the store");
        Timer sendDelay = histogram("burstpipe_send_delay", "From intended send time to arrival at intake");
        writers.storeLatency.alsoRecordTo(micros -> storeWrite.record(micros, TimeUnit.MICROSECONDS));
        writers.endToEnd.alsoRecordTo(micros -> endToEnd.record(micros, TimeUnit.MICROSECONDS));
        intake.sendDelay.alsoRecordTo(micros -> sendDelay.record(micros, TimeUnit.MICROSECONDS));
    }

    private void kafka() {
        Gauge.builder("burstpipe_kafka_paused", kafka, k -> k.isPaused() ? 1 : 0)
                .description("1 while the assigned partitions are paused (queue above --pause-above)")
                .register(registry);
        Gauge.builder("burstpipe_kafka_lag", kafka, KafkaIntakeStats::lag)
                .description("End offset minus committed offset, summed over the assigned partitions")
                .register(registry);
        partitionLag = MultiGauge.builder("burstpipe_kafka_partition_lag")
                .description("End offset minus committed offset, per assigned partition").register(registry);
        FunctionCounter.builder("burstpipe_kafka_pauses", kafka.pauses, LongAdder::sum).register(registry);
        FunctionCounter.builder("burstpipe_kafka_resumes", kafka.resumes, LongAdder::sum).register(registry);
        FunctionCounter.builder("burstpipe_kafka_undecodable_records", kafka.undecodable, LongAdder::sum)
                .description("Records that were not a valid message (skipped, or dead-lettered)").register(registry);
        FunctionCounter.builder("burstpipe_kafka_dead_lettered_records", kafka.deadLettered, LongAdder::sum)
                .description("Undecodable records the dead-letter topic acknowledged").register(registry);
        FunctionCounter.builder("burstpipe_kafka_dead_letter_failures", kafka.deadLetterFailures, LongAdder::sum)
                .description("Dead-letter sends that failed; their partition holds its commit").register(registry);
    }

    private void stage(String stage, LongAdder counter) {
        FunctionCounter.builder("burstpipe_messages", counter, LongAdder::sum).tag("stage", stage)
                .description("Messages by stage").register(registry);
    }

    private Timer histogram(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    /** Prometheus text format. */
    public String scrape() {
        if (partitionLag != null) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            kafka.partitionLag().forEach((partition, lag) ->
                    rows.add(MultiGauge.Row.of(Tags.of("partition", String.valueOf(partition)), lag)));
            partitionLag.register(rows, true);
        }
        return registry.scrape();
    }
}
