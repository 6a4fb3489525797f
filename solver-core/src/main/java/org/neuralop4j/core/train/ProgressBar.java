package org.neuralop4j.core.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Training progress on a text stream (stderr by default). On a console ({@link System#console()} present) one
 * line is rewritten with {@code \r} after every batch: epoch, a bar, batch count, running loss, batches per
 * second and the ETA of the whole run; otherwise (logs, CI) one line is printed per epoch. Quiet prints nothing.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean console;
    private final boolean quiet;
    private final int totalEpochs;
    private long runStartNanos;
    private int epochsDoneAtStart;
    private long epochStartNanos;
    private double runningLoss;
    private int runningCount;
    private long lastDrawNanos;

    /**
     * @param out         where to print
     * @param console     rewrite one line with carriage returns (true) or print one line per epoch (false)
     * @param quiet       print nothing
     * @param totalEpochs epochs of the whole run, for the ETA
     */
    public ProgressBar(PrintStream out, boolean console, boolean quiet, int totalEpochs) {
        this.out = out;
        this.console = console;
        this.quiet = quiet;
        this.totalEpochs = totalEpochs;
    }

    /** The default: stderr, console mode when the JVM has a console. */
    public static ProgressBar stderr(boolean quiet, int totalEpochs) {
        return new ProgressBar(System.err, System.console() != null, quiet, totalEpochs);
    }

    /** Marks the start of the run; {@code epochsDone} epochs were completed before (a resumed run). */
    public void startRun(int epochsDone) {
        runStartNanos = System.nanoTime();
        epochsDoneAtStart = epochsDone;
    }

    /** Marks the start of an epoch. */
    public void startEpoch() {
        epochStartNanos = System.nanoTime();
        runningLoss = 0;
        runningCount = 0;
        lastDrawNanos = 0;
    }

    /** Reports a finished batch; redraws the console line at most 10 times per second. */
    public void batch(BatchInfo b) {
        runningLoss += b.loss();
        runningCount++;
        if (quiet || !console) return;
        long now = System.nanoTime();
        if (b.batch() != b.batches() && now - lastDrawNanos < 100_000_000L) return;
        lastDrawNanos = now;
        double elapsed = (now - epochStartNanos) * 1e-9;
        double rate = b.batch() / Math.max(elapsed, 1e-9);
        double epochFraction = (double) b.batch() / b.batches();
        double doneEpochs = b.epoch() - 1 + epochFraction;
        double eta = etaSeconds(now, doneEpochs);
        int filled = (int) Math.round(WIDTH * epochFraction);
        StringBuilder bar = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s] %d/%d loss %.4e  %.1f it/s  ETA %s   ",
                b.epoch(), totalEpochs, bar, b.batch(), b.batches(), runningLoss / runningCount, rate, formatDuration(eta)));
        out.flush();
    }

    /** Reports a finished epoch (ends the console line, or prints the epoch's line). */
    public void epoch(EpochMetrics m) {
        if (quiet) return;
        long now = System.nanoTime();
        double eta = etaSeconds(now, m.epoch());
        StringBuilder sb = new StringBuilder();
        sb.append(console ? "\r" : "").append(String.format(Locale.ROOT, "epoch %d/%d  train %.4e", m.epoch(), totalEpochs, m.trainLoss()));
        for (Map.Entry<String, Double> e : m.validation().entrySet())
            sb.append(String.format(Locale.ROOT, "  val %s %.4e", e.getKey(), e.getValue()));
        sb.append(String.format(Locale.ROOT, "  lr %.3e  %.2f s  ETA %s", m.learningRate(), m.seconds(), formatDuration(eta)));
        if (console) sb.append("          ");
        out.println(sb);
        out.flush();
    }

    private double etaSeconds(long now, double doneEpochs) {
        double runElapsed = (now - runStartNanos) * 1e-9;
        double doneThisRun = doneEpochs - epochsDoneAtStart;
        if (doneThisRun <= 0) return Double.NaN;
        return runElapsed / doneThisRun * (totalEpochs - doneEpochs);
    }

    /** {@code h:mm:ss}, or {@code m:ss} under an hour; {@code ?} when unknown. */
    static String formatDuration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
