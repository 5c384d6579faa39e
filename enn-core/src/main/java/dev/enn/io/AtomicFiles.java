package dev.enn.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces files atomically: readers of the target path see either the complete old file or the
 * complete new one, never a partial write.
 *
 * <p>{@link #write} writes to a temporary file {@code .NAME.PID-COUNTER.tmp} in the target's
 * directory, flushes it, forces it to the storage device ({@link FileChannel#force(boolean)}),
 * then renames it over the target with {@link StandardCopyOption#ATOMIC_MOVE}. On any failure it
 * deletes the temporary file and rethrows. A process killed during the write leaves the target
 * untouched. It cannot delete its temporary file, so such leftovers (named as above) can be
 * deleted by hand.
 *
 * <p>What it does not guarantee: the rename is only as atomic as the file system makes it. POSIX
 * requires {@code rename} to replace the target atomically, and local Linux and macOS file
 * systems do. On Windows, Java uses {@code MoveFileEx}, which Microsoft does not document as
 * atomic. Some network and FUSE file systems are not atomic either, and Java cannot detect that.
 * After a power loss, a rename done just before may be lost (the old file remains), because the
 * directory is synced only where the platform allows it.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_NAME_ATTEMPTS = 1000;

    private AtomicFiles() {
    }

    /**
     * Writes a file atomically. {@code content} receives a buffered stream to the temporary file;
     * it may close the stream or leave it open.
     *
     * @param target the file to create or replace; its directory must exist
     * @param content writes the whole content to the stream
     * @throws IOException if {@code content} throws, or creating, writing, syncing or renaming the
     *     file fails. The target is then unchanged and the temporary file deleted; a failure to
     *     delete it is added as a suppressed exception.
     * @throws IllegalArgumentException if {@code target} is an existing directory
     */
    public static void write(Path target, IOConsumer<OutputStream> content) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("AtomicFiles.write: target " + target
                    + " is a directory; pass the path of a file inside it");
        }
        Path directory = absolute.getParent();
        Path temp = createTempFile(directory, absolute.getFileName().toString());
        try {
            writeAndForce(temp, content);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
        syncDirectory(directory);
    }

    private static Path createTempFile(Path directory, String targetName) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            Path temp = directory.resolve("." + targetName + "." + pid + "-" + COUNTER.incrementAndGet() + ".tmp");
            try {
                // CREATE_NEW with default permissions, so the target gets the same mode as a plain write.
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= MAX_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void writeAndForce(Path temp, IOConsumer<OutputStream> content) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
            content.accept(new UnclosableStream(buffered));
            buffered.flush();
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException deleteFailure) {
            failure.addSuppressed(deleteFailure);
        }
    }

    /**
     * Syncs the directory so that the rename survives a power loss. Linux allows this; other
     * platforms throw, and the rename is then durable only once the OS flushes it.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Directory {} could not be synced after an atomic rename; the rename is durable "
                    + "once the OS flushes it: {}", directory, e.toString());
        }
    }

    /** Passes writes through and turns {@code close()} into a flush, so the channel stays open for force. */
    private static final class UnclosableStream extends FilterOutputStream {
        UnclosableStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
