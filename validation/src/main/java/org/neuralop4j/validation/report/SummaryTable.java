package org.neuralop4j.validation.report;

import java.util.ArrayList;
import java.util.List;

/** The console summary: one line per experiment (rows passed, status, time), then every failed bound. */
public final class SummaryTable {
    private SummaryTable() {}

    /** @return the table as text, lines separated by '\n' */
    public static String format(RunSummary run) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"experiment", "bounds passed", "status", "time"});
        for (ExperimentResult r : run.results()) {
            int bounded = 0, ok = 0;
            for (MetricRow m : r.rows())
                if (m.bound() != null) {
                    bounded++;
                    if (m.passed()) ok++;
                }
            lines.add(new String[] {r.name(), ok + "/" + bounded, r.error() != null ? "ERROR" : r.passed() ? "pass" : "FAIL",
                    Format.seconds(r.seconds())});
        }
        int[] w = new int[4];
        for (String[] l : lines) for (int i = 0; i < 4; i++) w[i] = Math.max(w[i], l[i].length());
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < lines.size(); k++) {
            String[] l = lines.get(k);
            sb.append(pad(l[0], w[0])).append("  ").append(pad(l[1], w[1])).append("  ").append(pad(l[2], w[2])).append("  ")
                    .append(l[3]).append('\n');
            if (k == 0) sb.append("-".repeat(w[0] + w[1] + w[2] + w[3] + 6)).append('\n');
        }
        long passed = run.results().stream().filter(ExperimentResult::passed).count();
        sb.append(String.format("%d of %d experiments passed (%s mode, %s)%n", passed, run.results().size(),
                run.mode().name().toLowerCase(java.util.Locale.ROOT), Format.seconds(run.seconds())));
        for (String f : run.failures()) sb.append("FAILED ").append(f).append('\n');
        return sb.toString();
    }

    private static String pad(String s, int w) { return s + " ".repeat(w - s.length()); }
}
