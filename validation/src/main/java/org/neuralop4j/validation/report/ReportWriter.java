package org.neuralop4j.validation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes a run's report into a directory: {@code report.md} (Markdown, one table per experiment, figures linked
 * by relative path), {@code report.html} (the same, with inline CSS, opens locally next to its {@code figures/}
 * directory) and {@code results.json} (every number; non-finite values are written as {@code null} with the text
 * in a {@code *_text} field, since JSON has no NaN). Files are written to a temporary name and renamed.
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    /** Writes the three files into {@code dir} (created if needed). */
    public static void write(Path dir, RunSummary run) throws IOException {
        Files.createDirectories(dir);
        atomicWrite(dir.resolve("report.md"), markdown(run));
        atomicWrite(dir.resolve("report.html"), html(run));
        atomicWrite(dir.resolve("results.json"), json(run));
    }

    // ------------------------------------------------------------------ JSON

    /** @return the results as a JSON document */
    public static String json(RunSummary run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", run.mode().name().toLowerCase(Locale.ROOT));
        root.put("seed", run.seed());
        root.put("started", run.started().toString());
        root.put("seconds", run.seconds());
        root.put("threads", run.threads());
        root.put("java", System.getProperty("java.version"));
        root.put("passed", run.passed());
        ArrayNode exps = root.putArray("experiments");
        for (ExperimentResult r : run.results()) {
            ObjectNode e = exps.addObject();
            e.put("name", r.name());
            e.put("description", r.description());
            e.put("passed", r.passed());
            e.put("seconds", r.seconds());
            if (r.error() != null) e.put("error", r.error());
            ArrayNode rows = e.putArray("rows");
            for (MetricRow m : r.rows()) {
                ObjectNode o = rows.addObject();
                o.put("metric", m.metric());
                number(o, "value", m.value());
                number(o, "reference", m.reference());
                o.put("reference_source", m.source().label());
                o.put("reference_note", m.sourceNote());
                if (m.bound() != null) {
                    ObjectNode b = o.putObject("bound");
                    b.put("kind", m.bound().kind().name().toLowerCase(Locale.ROOT));
                    number(b, "lower", m.bound().lower());
                    number(b, "upper", m.bound().upper());
                    b.put("text", m.bound().toString());
                } else {
                    o.putNull("bound");
                }
                o.put("status", m.status());
            }
            ArrayNode figs = e.putArray("figures");
            for (String f : r.figures()) figs.add(f);
            ArrayNode notes = e.putArray("notes");
            for (String n : r.notes()) notes.add(n);
        }
        ArrayNode failures = root.putArray("failures");
        for (String f : run.failures()) failures.add(f);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise results", e);
        }
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else {
            o.putNull(key);
            boolean noReference = Double.isNaN(v) && key.equals("reference"); // NaN reference means "none": plain null
            if (!noReference) o.put(key + "_text", Format.number(v));
        }
    }

    // ------------------------------------------------------------------ Markdown

    /** @return the Markdown report */
    public static String markdown(RunSummary run) {
        StringBuilder sb = new StringBuilder();
        sb.append("# neuralop4j reproduction report\n\n");
        sb.append(String.format(Locale.ROOT, "Mode **%s**, seed %d, %d threads, Java %s, started %s, %s.%n%n",
                run.mode().name().toLowerCase(Locale.ROOT), run.seed(), run.threads(), System.getProperty("java.version"),
                run.started(), Format.seconds(run.seconds())));
        sb.append(run.passed() ? "**All experiments passed.**\n\n" : "**Failures:**\n\n");
        for (String f : run.failures()) sb.append("- ").append(mdCell(f)).append('\n');
        if (!run.passed()) sb.append('\n');
        sb.append("| experiment | status | time |\n|---|---|---|\n");
        for (ExperimentResult r : run.results())
            sb.append("| [").append(r.name()).append("](#").append(r.name()).append(") | ").append(status(r)).append(" | ")
                    .append(Format.seconds(r.seconds())).append(" |\n");
        for (ExperimentResult r : run.results()) {
            sb.append("\n## ").append(r.name()).append("\n\n");
            if (!r.description().isEmpty()) sb.append(r.description()).append("\n\n");
            if (r.error() != null) sb.append("**Error:** `").append(r.error().replace('`', '\'')).append("`\n\n");
            if (!r.rows().isEmpty()) {
                sb.append("| metric | value | reference | source | bound | status |\n|---|---:|---:|---|---|---|\n");
                for (MetricRow m : r.rows())
                    sb.append("| ").append(mdCell(m.metric())).append(" | ").append(Format.number(m.value())).append(" | ")
                            .append(Double.isNaN(m.reference()) ? "-" : Format.number(m.reference())).append(" | ")
                            .append(mdCell(sourceText(m))).append(" | ").append(m.bound() == null ? "-" : mdCell(m.bound().toString()))
                            .append(" | ").append(m.status().equals("FAIL") ? "**FAIL**" : m.status()).append(" |\n");
                sb.append('\n');
            }
            for (String n : r.notes()) sb.append("- ").append(n).append('\n');
            if (!r.notes().isEmpty()) sb.append('\n');
            for (String f : r.figures()) sb.append("![").append(f).append("](").append(f).append(")\n\n");
        }
        return sb.toString();
    }

    private static String status(ExperimentResult r) { return r.error() != null ? "**ERROR**" : r.passed() ? "pass" : "**FAIL**"; }

    private static String sourceText(MetricRow m) {
        if (m.source() == ReferenceSource.NONE) return m.sourceNote().isEmpty() ? "-" : m.sourceNote();
        return m.sourceNote().isEmpty() ? m.source().label() : m.source().label() + ": " + m.sourceNote();
    }

    private static String mdCell(String s) { return s.replace("|", "\\|").replace("\n", " "); }

    // ------------------------------------------------------------------ HTML

    /** @return the HTML report (inline CSS, figures by relative path) */
    public static String html(RunSummary run) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>neuralop4j reproduction report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px}th{background:#f3f3f3}\n")
                .append("td.num{text-align:right;font-family:monospace}.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}\n")
                .append("img{max-width:100%;border:1px solid #ddd;margin:.5em 0}code{background:#f6f8fa;padding:1px 4px}\n")
                .append("</style>\n</head>\n<body>\n<h1>neuralop4j reproduction report</h1>\n");
        sb.append("<p>Mode <b>").append(run.mode().name().toLowerCase(Locale.ROOT)).append("</b>, seed ").append(run.seed()).append(", ")
                .append(run.threads()).append(" threads, Java ").append(esc(System.getProperty("java.version"))).append(", started ")
                .append(run.started()).append(", ").append(Format.seconds(run.seconds())).append(".</p>\n");
        if (run.passed()) sb.append("<p class=\"pass\">All experiments passed.</p>\n");
        else {
            sb.append("<p class=\"fail\">Failures:</p>\n<ul>\n");
            for (String f : run.failures()) sb.append("<li>").append(esc(f)).append("</li>\n");
            sb.append("</ul>\n");
        }
        sb.append("<table>\n<tr><th>experiment</th><th>status</th><th>time</th></tr>\n");
        for (ExperimentResult r : run.results())
            sb.append("<tr><td><a href=\"#").append(esc(r.name())).append("\">").append(esc(r.name())).append("</a></td><td>")
                    .append(statusHtml(r.error() != null ? "ERROR" : r.passed() ? "pass" : "FAIL")).append("</td><td class=\"num\">")
                    .append(Format.seconds(r.seconds())).append("</td></tr>\n");
        sb.append("</table>\n");
        for (ExperimentResult r : run.results()) {
            sb.append("<h2 id=\"").append(esc(r.name())).append("\">").append(esc(r.name())).append("</h2>\n");
            if (!r.description().isEmpty()) sb.append("<p>").append(esc(r.description())).append("</p>\n");
            if (r.error() != null) sb.append("<p class=\"fail\">Error: <code>").append(esc(r.error())).append("</code></p>\n");
            if (!r.rows().isEmpty()) {
                sb.append("<table>\n<tr><th>metric</th><th>value</th><th>reference</th><th>source</th><th>bound</th><th>status</th></tr>\n");
                for (MetricRow m : r.rows())
                    sb.append("<tr><td>").append(esc(m.metric())).append("</td><td class=\"num\">").append(Format.number(m.value()))
                            .append("</td><td class=\"num\">").append(Double.isNaN(m.reference()) ? "-" : Format.number(m.reference()))
                            .append("</td><td>").append(esc(sourceText(m))).append("</td><td>")
                            .append(m.bound() == null ? "-" : esc(m.bound().toString())).append("</td><td>").append(statusHtml(m.status()))
                            .append("</td></tr>\n");
                sb.append("</table>\n");
            }
            if (!r.notes().isEmpty()) {
                sb.append("<ul>\n");
                for (String n : r.notes()) sb.append("<li>").append(esc(n)).append("</li>\n");
                sb.append("</ul>\n");
            }
            for (String f : r.figures()) sb.append("<p><img src=\"").append(esc(f)).append("\" alt=\"").append(esc(f)).append("\"></p>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static String statusHtml(String s) {
        if (s.equals("pass")) return "<span class=\"pass\">pass</span>";
        if (s.equals("-")) return "-";
        return "<span class=\"fail\">" + s + "</span>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void atomicWrite(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
