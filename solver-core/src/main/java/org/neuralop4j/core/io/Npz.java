package org.neuralop4j.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.neuralop4j.core.FormatException;

/**
 * Reads and writes NumPy {@code .npz} archives: a ZIP file with one {@code <name>.npy} entry per array, as made by
 * {@code numpy.savez} (entries stored) and {@code numpy.savez_compressed} (entries deflated).
 *
 * <p>Reading checks every entry's CRC-32 and size against the ZIP directory and parses it with {@link Npy}; a bad
 * archive, a CRC error, a corrupt or truncated entry, a duplicate name or an entry that is not a {@code .npy} file
 * raises a {@link FormatException} naming the archive and the entry. Writing is atomic ({@link AtomicFiles}), uses a
 * fixed entry timestamp (1980-01-01) so the same arrays always give the same bytes, and produces archives that
 * {@code numpy.load} opens with {@code allow_pickle=False}.
 */
public final class Npz {
    private Npz() {}

    /**
     * Reads every array of an archive.
     *
     * @return array name (entry name without {@code .npy}) to array, in the order the entries appear in the file
     * @throws FormatException if the file is not a valid .npz of supported arrays
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            Map<String, NpyArray> out = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String entryName = e.getName();
                if (!entryName.endsWith(".npy"))
                    throw new FormatException(file, "entry '" + entryName + "' is not a .npy array");
                String name = entryName.substring(0, entryName.length() - 4);
                if (out.containsKey(name)) throw new FormatException(file, "duplicate entry '" + entryName + "'");
                out.put(name, readEntry(zip, e, file));
            }
            return out;
        } catch (ZipException | java.io.EOFException e) {
            throw new FormatException(file, "corrupt archive: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // ZipFile reports some malformed directories (bad name encoding, bad offsets) this way
            throw new FormatException(file, "corrupt archive: " + e, e);
        }
    }

    /**
     * The names of an archive's arrays, from its zip directory alone (no array is read), e.g. to pick which arrays
     * to load.
     *
     * @return array names (entry names without {@code .npy}) in the order the entries appear in the file; entries
     *         that are not {@code .npy} files are left out (and make {@link #read} fail)
     * @throws FormatException if the file is not a valid zip archive
     */
    public static java.util.List<String> names(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            java.util.List<String> out = new java.util.ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String entryName = entries.nextElement().getName();
                if (entryName.endsWith(".npy")) out.add(entryName.substring(0, entryName.length() - 4));
            }
            return out;
        } catch (RuntimeException e) {
            throw new FormatException(file, "corrupt archive: " + e, e);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString());
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException | java.io.EOFException e) {
            throw new FormatException(file, "not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new FormatException(file, "not a valid .npz (zip) archive: " + e, e);
        }
    }

    private static NpyArray readEntry(ZipFile zip, ZipEntry e, Path file) throws IOException {
        String where = "entry '" + e.getName() + "'";
        Npy.ErrorContext ctx = new Npy.ErrorContext(file, where);
        if (e.getSize() > Integer.MAX_VALUE) throw ctx.fail("too large to hold in memory: " + e.getSize() + " bytes");
        CRC32 crc = new CRC32();
        NpyArray array;
        try (InputStream raw = zip.getInputStream(e); CountingInput counted = new CountingInput(new CheckedInputStream(raw, crc))) {
            try {
                array = Npy.read(counted, ctx, -1);
            } catch (FormatException fe) {
                throw fe;
            } catch (IOException io) {
                throw new FormatException(file, where + ": corrupt or truncated data: " + io.getMessage(), io);
            }
            if (e.getSize() >= 0 && counted.count != e.getSize())
                throw ctx.fail("size mismatch: directory says " + e.getSize() + " bytes, entry holds " + counted.count);
        }
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc())
            throw ctx.fail(String.format("CRC error: stored %08x, computed %08x", e.getCrc(), crc.getValue()));
        return array;
    }

    /** Counts bytes read so the entry size can be checked against the directory. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) { super(in); }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += k;
            return k;
        }
    }

    /**
     * Writes arrays to an archive atomically.
     *
     * @param arrays   name to array; written in the map's iteration order as entries {@code <name>.npy}
     * @param compress {@code true} for deflated entries (like {@code savez_compressed}), {@code false} for stored
     *                 entries (like {@code savez})
     */
    public static void write(Path file, Map<String, NpyArray> arrays, boolean compress) throws IOException {
        if (arrays == null) throw new IllegalArgumentException("arrays must not be null");
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) throw new IllegalArgumentException("array names must be non-empty");
            if (e.getValue() == null) throw new IllegalArgumentException("array '" + e.getKey() + "' is null");
        }
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(6);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, Npy.encodedSize(e.getValue())));
                Npy.write(buf, e.getValue());
                byte[] bytes = buf.toByteArray();
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0));
                if (compress) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
