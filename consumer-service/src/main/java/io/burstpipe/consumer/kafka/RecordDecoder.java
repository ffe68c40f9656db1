package io.burstpipe.consumer.kafka;

import io.burstpipe.consumer.codec.BadRequest;
import io.burstpipe.consumer.codec.BatchParser;
import io.burstpipe.message.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one partition's records into messages with the same codec as HTTP intake. An undecodable record is
 * counted and logged, then skipped, or kept with its error for the dead-letter topic. Used on the poller's thread.
 */
final class RecordDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);

    /** What a share decoded to: its messages, and the records kept for dead-lettering with their errors. */
    record Decoded(List<Message> messages, Map<ConsumerRecord<byte[], byte[]>, String> bad) {
    }

    private final BatchParser.RecordReader parser = new BatchParser(1).recordReader();
    private final KafkaIntakeStats stats;
    private final boolean keepBad;

    /** @param keepBad whether undecodable records are kept (for dead-lettering) or only counted and skipped */
    RecordDecoder(KafkaIntakeStats stats, boolean keepBad) {
        this.stats = stats;
        this.keepBad = keepBad;
    }

    Decoded decode(List<ConsumerRecord<byte[], byte[]>> share) {
        List<Message> messages = new ArrayList<>(share.size());
        Map<ConsumerRecord<byte[], byte[]>, String> bad = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : share) {
            try {
                messages.add(parser.parse(record.value()));
            } catch (BadRequest e) {
                stats.undecodable.increment();
                LOG.warn("{} undecodable record {}-{}@{}: {}", keepBad ? "dead-lettering" : "skipping",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                if (keepBad) {
                    bad.put(record, e.getMessage());
                }
            }
        }
        return new Decoded(messages, bad);
    }
}
