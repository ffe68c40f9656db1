package io.burstpipe.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One store directory's lock: an OS lock on {@code store.lock} between processes (released even if the process
 * is killed) and this JVM's claim on the directory. It lives on a file nothing else reads: on Linux, closing any
 * descriptor of a file drops the process's locks on it. The file names its holder (pid, start time, command),
 * which a refused opener reports.
 */
record StoreDirLock(Path directory, FileChannel channel, FileLock fileLock) {

    /** Directories held by stores of this JVM (real paths): a second channel on a lock file must not even open. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    static StoreDirLock take(Path directory) throws IOException, StoreException {
        Path real = directory.toRealPath();
        if (!HELD.add(real)) {
            throw new StoreException("store directory " + directory + " is in use by another store in this "
                    + "process; close it or choose another --store-dir");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(real.resolve(EmbeddedStore.LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                throw new StoreException("store directory " + directory + " is in use by another process ("
                        + holder(channel) + "); stop it or choose another --store-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(describeThisProcess().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new StoreDirLock(real, channel, fileLock);
        } catch (IOException | StoreException | RuntimeException e) {
            EmbeddedStore.closeQuietly(channel); // this JVM holds no other lock on this file (HELD), so closing drops none
            HELD.remove(real);
            throw e;
        }
    }

    void release() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            HELD.remove(directory);
        }
    }

    /** What the holder wrote into the lock file. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "holder unknown" : text;
    }

    private static String describeThisProcess() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        String command = info.commandLine().orElse(info.command().orElse("?"));
        if (command.length() > 300) {
            command = command.substring(0, 300) + "...";
        }
        return "pid " + ProcessHandle.current().pid() + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": " + command + "\n";
    }
}
