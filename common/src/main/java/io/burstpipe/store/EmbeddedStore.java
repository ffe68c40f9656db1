package io.burstpipe.store;

import io.burstpipe.message.Message;
import io.burstpipe.message.MessageJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: an append-only log file in a directory, with an in-memory index of ids. Needs no
 * server, survives restarts, and is idempotent by id.
 *
 * <p>Each record is one line, {@code seq TAB producer TAB value TAB createdAtMicros TAB crc32}, and a
 * batch is forced to disk before {@link #storeBatch} returns; concurrent writers share forces (group
 * commit). On open the log is replayed to rebuild
 * the index; a torn last record (the process died mid-write) is cut off, any other damage is an error
 * naming the file and line. One store at a time may open a directory: its {@link StoreDirLock} is taken
 * before anything else is opened.
 *
 * <p>Thread-safe; appends are serialised, forces are shared.
 */
public final class EmbeddedStore implements MessageStore {

    public static final String LOG_FILE = "messages.log";
    public static final String LOCK_FILE = "store.lock";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    private final Path logFile;
    private final FileChannel channel;
    private final StoreDirLock lock;
    private final SeqIndex ids = new SeqIndex();
    private boolean closed;
    private final Object syncLock = new Object();
    /** Bytes appended so far; guarded by this. */
    private long appendedBytes;
    /** Bytes known to be on disk; guarded by syncLock. */
    private long syncedBytes;

    private EmbeddedStore(Path logFile, FileChannel channel, StoreDirLock lock) {
        this.logFile = logFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** Opens (creating if needed) the store in {@code directory} and replays its log. */
    public static EmbeddedStore open(Path directory) throws StoreException {
        Path logFile = directory.resolve(LOG_FILE);
        StoreDirLock lock = null;
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            lock = StoreDirLock.take(directory);
            channel = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            EmbeddedStore store = new EmbeddedStore(logFile, channel, lock);
            store.replay();
            return store;
        } catch (IOException e) {
            closeQuietly(channel);
            releaseQuietly(lock);
            throw new StoreException("cannot open store in " + directory + ": " + e.getMessage(), e);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(channel);
            releaseQuietly(lock);
            throw e;
        }
    }

    private void replay() throws IOException, StoreException {
        long goodBytes = 0;
        long lineNo = 0;
        long size = channel.size();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(logFile), 1 << 16)) {
            StringBuilder line = new StringBuilder(64);
            long offset = 0;
            int b;
            while ((b = in.read()) != -1) {
                offset++;
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                lineNo++;
                Message message = parse(line);
                if (message == null) {
                    if (offset < size) {
                        throw new StoreException("store log " + logFile + " is damaged at line " + lineNo
                                + "; move the file away to start empty");
                    }
                    break; // a torn last record
                }
                ids.add(message); // a record replayed twice counts once
                goodBytes = offset;
                line.setLength(0);
            }
        }
        if (goodBytes < size) {
            LOG.warn("store log {}: cutting off {} bytes of an incomplete last record", logFile, size - goodBytes);
            channel.truncate(goodBytes);
            channel.force(true);
        }
        channel.position(goodBytes);
        appendedBytes = goodBytes;
        syncedBytes = goodBytes;
    }

    private static Message parse(CharSequence line) {
        String[] f = line.toString().split("\t", -1);
        if (f.length != 5) {
            return null;
        }
        try {
            String body = f[0] + '\t' + f[1] + '\t' + f[2] + '\t' + f[3];
            if (Long.parseLong(f[4], 16) != crc(body)) {
                return null;
            }
            return Message.of(f[1], Long.parseLong(f[0]), Integer.parseInt(f[2]), Long.parseLong(f[3]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    /** Longest line: four numbers of up to 19 digits, a producer of up to 64, a crc of up to 8, tabs, newline. */
    private static final int MAX_LINE = 4 * 19 + 64 + 8 + 5;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The batch's lines, written straight into bytes; guarded by this. */
    private byte[] out = new byte[64 * 1024];
    private final CRC32 lineCrc = new CRC32();
    private String lastProducer;
    private byte[] lastProducerBytes;

    /** Appends m's line to {@link #out} at {@code at} (room for {@link #MAX_LINE} checked); returns its end. */
    private int format(Message m, int at) {
        if (out.length - at < MAX_LINE) {
            out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, at + MAX_LINE));
        }
        if (m.producer() != lastProducer) {
            lastProducer = m.producer();
            lastProducerBytes = lastProducer.getBytes(StandardCharsets.US_ASCII);
        }
        int from = at;
        at = MessageJson.decimal(out, at, m.seq());
        out[at++] = '\t';
        System.arraycopy(lastProducerBytes, 0, out, at, lastProducerBytes.length);
        at += lastProducerBytes.length;
        out[at++] = '\t';
        at = MessageJson.decimal(out, at, m.value());
        out[at++] = '\t';
        at = MessageJson.decimal(out, at, m.createdAtMicros());
        lineCrc.reset();
        lineCrc.update(out, from, at - from);
        out[at++] = '\t';
        long crc = lineCrc.getValue();
        int hexDigits = Math.max(1, (64 - Long.numberOfLeadingZeros(crc) + 3) / 4); // as Long.toHexString writes
        for (int shift = (hexDigits - 1) * 4; shift >= 0; shift -= 4) {
            out[at++] = HEX[(int) (crc >>> shift) & 0xf];
        }
        out[at++] = '\n';
        return at;
    }

    @Override
    public int storeBatch(List<Message> batch, boolean[] fresh) throws StoreException {
        long end;
        int count = 0;
        synchronized (this) {
            if (closed) {
                throw new StoreException("store " + logFile + " is closed");
            }
            int length = 0;
            Message[] added = new Message[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                Message m = batch.get(i);
                fresh[i] = ids.add(m); // new here and not earlier in this batch; taken back if the append fails
                if (fresh[i]) {
                    added[count++] = m;
                    length = format(m, length);
                }
            }
            if (count > 0) {
                try {
                    append(out, length);
                } catch (StoreException e) {
                    for (int i = 0; i < count; i++) {
                        ids.remove(added[i]);
                    }
                    throw e;
                }
            }
            end = appendedBytes;
        }
        // also when nothing was new: an id seen here may sit in another writer's append not yet forced
        syncTo(end);
        return count;
    }

    private void append(byte[] bytes, int length) throws StoreException {
        long before = appendedBytes;
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            appendedBytes = channel.position();
        } catch (IOException e) {
            undoPartialWrite(before);
            throw new StoreException("write to " + logFile + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Group commit: forces the log up to at least {@code end}. One force covers every append made
     * before it, so writers that arrive while another is forcing usually find their bytes already
     * durable and return without a force of their own.
     */
    private void syncTo(long end) throws StoreException {
        synchronized (syncLock) {
            if (syncedBytes >= end) {
                return;
            }
            long target;
            synchronized (this) {
                target = appendedBytes;
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new StoreException("forcing " + logFile + " to disk failed: " + e.getMessage(), e);
            }
            syncedBytes = target;
        }
    }

    /** Cuts a half-written batch off so the log stays replayable; the caller retries the batch. */
    private void undoPartialWrite(long before) {
        try {
            channel.truncate(before);
            channel.position(before);
        } catch (IOException e) {
            LOG.error("store log {}: could not cut off a failed write: {}", logFile, e.getMessage());
        }
    }

    @Override
    public synchronized long count() {
        return ids.size();
    }

    @Override
    public synchronized long countByProducer(String producer) {
        return ids.countByProducer(producer);
    }

    @Override
    public synchronized org.roaringbitmap.longlong.Roaring64NavigableMap seqsOf(String producer) {
        return ids.seqsOf(producer);
    }

    @Override
    public synchronized boolean contains(String id) {
        return ids.contains(id);
    }

    @Override
    public String describe() {
        return "embedded " + logFile;
    }

    @Override
    public synchronized void close() throws StoreException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            releaseQuietly(lock);
            throw new StoreException("closing " + logFile + " failed: " + e.getMessage(), e);
        }
        try {
            lock.release();
        } catch (IOException e) {
            throw new StoreException("releasing " + lock.directory().resolve(LOCK_FILE) + " failed: " + e.getMessage(),
                    e);
        }
    }

    private static void releaseQuietly(StoreDirLock lock) {
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }
}
