package org.neuralop4j.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Locates the NumPy-written fixtures (made by src/test/python/make_io_fixtures.py) and runs Python checks. */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) {
        URL url = Fixtures.class.getResource("/io/" + name);
        if (url == null) throw new IllegalStateException("missing test fixture io/" + name + " (run make_io_fixtures.py)");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(path("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static Boolean pythonWithNumpy;

    /** True when Debian's python3 with numpy is installed (the interop tests then run); probed once. */
    static synchronized boolean pythonWithNumpy() {
        if (pythonWithNumpy == null) {
            boolean ok = false;
            if (Files.isExecutable(PYTHON)) {
                try {
                    ok = runPython("import numpy").exitCode == 0;
                } catch (IOException e) {
                    ok = false;
                }
            }
            pythonWithNumpy = ok;
        }
        return pythonWithNumpy;
    }

    record PythonResult(int exitCode, String output) {}

    /** Runs {@code python3 -c script args...}, merging stdout and stderr; times out after 60 s. */
    static PythonResult runPython(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python timed out");
            }
            return new PythonResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
