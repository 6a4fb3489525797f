package org.neuralop4j.validation.cli;

import java.io.PrintWriter;
import org.neuralop4j.core.pde.data.ProgressListener;

/**
 * A text progress bar on a stream (stderr): rewritten in place with {@code \r} on a terminal, otherwise one line
 * per tenth of the work, so logs stay readable. Thread-safe.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final String label;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private int shown = -1;
    private long lastPrint;

    ProgressBar(PrintWriter out, String label, boolean interactive) {
        this.out = out;
        this.label = label;
        this.interactive = interactive;
    }

    @Override
    public synchronized void update(int done, int total) {
        long now = System.nanoTime();
        double elapsed = (now - start) / 1e9;
        if (interactive) {
            if (done < total && now - lastPrint < 100_000_000L) return; // at most 10 redraws a second
            lastPrint = now;
            int filled = (int) ((long) WIDTH * done / total);
            String eta = done == 0 ? "?" : String.format("%.0f s", elapsed * (total - done) / done);
            out.print(String.format("\r%s [%s%s] %d/%d  %.1f s elapsed, eta %s   ", label, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), done, total, elapsed, eta));
            if (done == total) out.println();
            out.flush();
        } else {
            int tenth = (int) (10L * done / total);
            if (tenth > shown) {
                shown = tenth;
                out.println(String.format("%s %d/%d (%d%%) %.1f s", label, done, total, 10 * tenth, elapsed));
                out.flush();
            }
        }
    }
}
