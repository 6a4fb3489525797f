package org.neuralop4j.core.io;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a file's whole content to a stream; used by {@link AtomicFiles#write(java.nio.file.Path, IoWriter)}. */
@FunctionalInterface
public interface IoWriter {
    /**
     * Writes the content. The stream must not be closed by the body (closing it is harmless: it only flushes).
     *
     * @param out destination, buffered
     * @throws IOException on failure; the target file is then left untouched
     */
    void write(OutputStream out) throws IOException;
}
