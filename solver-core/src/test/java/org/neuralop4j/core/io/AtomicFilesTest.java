package org.neuralop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsAndReplacesTheTarget() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFiles.write(f, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(f));
        AtomicFiles.write(f, out -> {
            out.write("second, longer".getBytes(StandardCharsets.UTF_8));
            out.close(); // a body using try-with-resources must not break the protocol
        });
        assertEquals("second, longer", Files.readString(f));
        assertEquals(List.of("a.bin"), listing(), "no temporary file may remain");
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path f = dir.resolve("x/y/z.bin");
        AtomicFiles.write(f, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
    }

    @Test
    void failureLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.bin");
        Files.writeString(f, "old content");
        IOException boom = new IOException("disk on fire");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]); // more than the buffer, so some bytes reach the temp file
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("keep.bin"), listing());

        RuntimeException bug = new IllegalStateException("bug in body");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> { throw bug; })));
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("keep.bin"), listing());
    }

    @Test
    void failureWithoutAnOldFileLeavesNothing() throws IOException {
        Path f = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> { throw new IOException("no"); }));
        assertTrue(listing().isEmpty());
    }

    @Test
    void refusesADirectoryTarget() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThrows(IOException.class, () -> AtomicFiles.write(sub, out -> out.write(1)));
        assertTrue(Files.isDirectory(sub));
    }
}
