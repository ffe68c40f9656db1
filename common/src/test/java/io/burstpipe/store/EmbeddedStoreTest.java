package io.burstpipe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.burstpipe.message.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest {

    @TempDir
    Path dir;

    private static List<Message> batch(String producer, int from, int to) {
        List<Message> batch = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            batch.add(Message.of(producer, seq, 1 + seq % 100, 1_000_000L + seq));
        }
        return batch;
    }

    private long logLines() throws IOException {
        return Files.readAllLines(dir.resolve(EmbeddedStore.LOG_FILE)).size();
    }

    @Test
    void storesEachIdOnceHoweverOftenItIsDelivered() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.storeBatch(batch("p", 0, 10))).isEqualTo(10);
            assertThat(store.storeBatch(batch("p", 5, 15))).isEqualTo(5);
            List<Message> withRepeat = new ArrayList<>(batch("p", 15, 16));
            withRepeat.addAll(batch("p", 15, 16));
            assertThat(store.storeBatch(withRepeat)).isEqualTo(1);
            assertThat(store.count()).isEqualTo(16);
            assertThat(store.countByProducer("p")).isEqualTo(16);
            assertThat(store.countByProducer("q")).isZero();
            assertThat(store.contains("p-15")).isTrue();
        }
        assertThat(logLines()).isEqualTo(16);
    }

    @Test
    void writesEachRecordAsOneLineWithItsCrc() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // extremes too: seq 0, the largest seq and createdAt a long holds, every value, long and short names
            long seq = i == 0 ? 0 : i == 1 ? Long.MAX_VALUE : random.nextLong(Long.MAX_VALUE);
            long created = i == 2 ? Long.MAX_VALUE : i == 3 ? 0 : random.nextLong(1L << 53);
            String producer = i % 7 == 0 ? "x".repeat(64) : "p" + (i % 3);
            messages.add(Message.of(producer, seq, 1 + i % 100, created));
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            for (int from = 0; from < messages.size(); from += 1_250) {
                store.storeBatch(messages.subList(from, from + 1_250));
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve(EmbeddedStore.LOG_FILE), StandardCharsets.US_ASCII);
        assertThat(lines).hasSize(messages.size());
        for (int i = 0; i < lines.size(); i++) {
            Message m = messages.get(i);
            String body = m.seq() + "\t" + m.producer() + "\t" + m.value() + "\t" + m.createdAtMicros();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body.getBytes(StandardCharsets.US_ASCII));
            assertThat(lines.get(i)).isEqualTo(body + "\t" + Long.toHexString(crc.getValue()));
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.count()).isEqualTo(messages.size());
        }
    }

    @Test
    void keepsItsDataAcrossARestart() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            store.storeBatch(batch("a", 0, 100));
            store.storeBatch(batch("b", 0, 50));
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.count()).isEqualTo(150);
            assertThat(store.countByProducer("a")).isEqualTo(100);
            assertThat(store.countByProducer("b")).isEqualTo(50);
            assertThat(store.storeBatch(batch("a", 90, 110))).isEqualTo(10);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.count()).isEqualTo(160);
        }
        assertThat(logLines()).isEqualTo(160);
    }

    @Test
    void cutsOffATornLastRecord() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            store.storeBatch(batch("p", 0, 3));
        }
        Files.writeString(dir.resolve(EmbeddedStore.LOG_FILE), "3\tp\t4", StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.count()).isEqualTo(3);
            assertThat(store.storeBatch(batch("p", 3, 4))).isEqualTo(1);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.count()).isEqualTo(4);
        }
    }

    @Test
    void refusesADamagedLogNamingTheLine() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            store.storeBatch(batch("p", 0, 3));
        }
        Path log = dir.resolve(EmbeddedStore.LOG_FILE);
        List<String> lines = Files.readAllLines(log);
        lines.set(1, lines.get(1).replace("p", "x"));
        Files.write(log, lines);
        assertThatThrownBy(() -> EmbeddedStore.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessage("store log " + log + " is damaged at line 2; move the file away to start empty");
    }

    @Test
    void oneStoreAtATimePerDirectory() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThatThrownBy(() -> EmbeddedStore.open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("store directory " + dir + " is in use by another store in this process; "
                            + "close it or choose another --store-dir");
        }
        try (EmbeddedStore reopened = EmbeddedStore.open(dir)) {
            assertThat(reopened.count()).isZero();
        }
    }
}
