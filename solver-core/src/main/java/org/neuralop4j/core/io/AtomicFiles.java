package org.neuralop4j.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * All-or-nothing file writes: a reader (or a crash) sees either the old file or the complete new one, never a
 * partial file. Used for every file this project writes (arrays, datasets, checkpoints).
 *
 * <p>Protocol: the content goes to a temporary file in the target's own directory (so the rename cannot cross a
 * file system), is flushed and {@code fsync}ed, then renamed over the target with {@code ATOMIC_MOVE} (falling back
 * to {@code REPLACE_EXISTING} where the file system cannot rename atomically); finally the directory is synced so
 * the rename itself is durable (best effort: not every platform can open a directory). If anything fails, the
 * temporary file is deleted and the previous target, if any, is left exactly as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Atomically replaces (or creates) {@code target} with what {@code body} writes. Missing parent directories are
     * created.
     *
     * @param target the file to create or replace
     * @param body   writes the complete content
     * @throws IOException whatever {@code body} or the file system threw; the target is then unchanged
     */
    public static void write(Path target, IoWriter body) throws IOException {
        if (target == null) throw new IllegalArgumentException("target must not be null");
        if (body == null) throw new IllegalArgumentException("body must not be null");
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) throw new IOException(abs + ": is a directory, cannot write a file there");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(channel);
                BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
                body.write(new FilterOutputStream(buffered) {
                    @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
                    // The body may close its stream (try-with-resources); we still need it open to fsync.
                    @Override public void close() throws IOException { out.flush(); }
                });
                buffered.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable on POSIX file systems; silently skipped where directories cannot be opened. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows and some file systems refuse to open directories; the data itself is already synced.
        }
    }
}
