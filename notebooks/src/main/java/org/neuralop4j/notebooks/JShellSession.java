package org.neuralop4j.notebooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * One notebook's JShell session: runs code cells the way IJava and JJava do and turns what they print, display and
 * return into nbformat outputs. {@link NotebookRunner} runs a whole notebook with one; the Jupyter kernel in
 * {@code org.neuralop4j.notebooks.kernel} serves one per kernel.
 *
 * <p>What a cell may contain, and how it is run:
 * <ul>
 *   <li>Java code, cut into snippets with {@link SourceCodeAnalysis#analyzeCompletion} exactly as IJava does
 *       (so statements in the middle of a cell end with {@code ;}, only the last expression may omit it). A
 *       snippet that does not compile, a declaration that refers to something undefined, an exception and an
 *       unfinished statement at the end of the cell all fail the cell, naming its line.</li>
 *   <li>Line magics {@code %jars} and {@code %classpath}: paths or globs, relative to the notebook's directory
 *       (the working directory Jupyter gives a kernel), added to the session's class path. A path that matches
 *       nothing is an error here (IJava silently adds nothing and the next import fails).</li>
 *   <li>{@code display(Object)}, as in IJava: images ({@code RenderedImage}, e.g. XChart's
 *       {@code BitmapEncoder.getBufferedImage(chart)}) become {@code image/png} outputs, other values text. The
 *       value of a cell's last expression becomes the cell's {@code execute_result} (an image again as PNG).</li>
 * </ul>
 * The code runs in a separate JVM (JShell's default execution engine) started with the given options and the
 * working directory of this process. Not thread-safe: one cell at a time ({@link #stop} may come from any thread).
 */
public final class JShellSession implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CellOutputs outputs = new CellOutputs();
    private final Path baseDir;
    private final Duration cellTimeout;
    private final ScheduledExecutorService watchdog;
    /** snippet id -> {cell number, 0-based cell line where the snippet's first non-blank character is} */
    private final Map<String, int[]> snippetLocations = new HashMap<>();
    private int cell;
    private String cellSource = "";
    private int executionCount;

    /**
     * Starts a session (and its JVM).
     * @param baseDir     directory that relative {@code %jars}/{@code %classpath} paths are resolved against
     * @param cellTimeout longest time one cell may run before it is stopped and reported
     * @param vmOptions   options of the JVM that runs the code
     */
    public JShellSession(Path baseDir, Duration cellTimeout, List<String> vmOptions) {
        if (cellTimeout.isNegative() || cellTimeout.isZero())
            throw new IllegalArgumentException("cellTimeout must be positive, got " + cellTimeout);
        this.baseDir = baseDir.toAbsolutePath();
        this.cellTimeout = cellTimeout;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notebook-cell-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.shell = JShell.builder()
                .out(new PrintStream(outputs.stream("stdout"), true, StandardCharsets.UTF_8))
                .err(new PrintStream(outputs.stream("stderr"), true, StandardCharsets.UTF_8))
                .remoteVMOptions(vmOptions.toArray(new String[0]))
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        try {
            prelude();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void prelude() {
        for (String s : CellOutputs.SESSION_PRELUDE) {
            for (SnippetEvent e : shell.eval(s)) {
                if (e.causeSnippet() == null && e.status() != Snippet.Status.VALID)
                    throw new IllegalStateException("the runner's own session prelude did not compile: "
                            + shell.diagnostics(e.snippet()).map(d -> d.getMessage(Locale.ROOT))
                                    .collect(Collectors.joining("; ")));
            }
        }
        outputs.reset();
    }

    /**
     * Runs one code cell.
     * @param cellNumber the cell's number for messages (1-based, counting every cell of the notebook)
     * @param source     the cell's source
     * @param count      its execution count, stored in {@code execute_result} outputs
     * @return the cell's outputs (nbformat)
     * @throws CellFailure if the cell failed; it carries the outputs up to the failure and the error
     */
    public ArrayNode runCell(int cellNumber, String source, int count) throws CellFailure {
        cell = cellNumber;
        cellSource = source;
        executionCount = count;
        outputs.reset();
        List<CellSource.Part> parts;
        try {
            parts = CellSource.parse(source);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        String resultName = null;
        String resultText = null;
        for (CellSource.Part part : parts) {
            resultName = null;
            resultText = null;
            if (part instanceof CellSource.LineMagic) {
                lineMagic((CellSource.LineMagic) part);
            } else if (part instanceof CellSource.CellMagic) {
                throw fail("line " + (part.firstLine() + 1) + ": cell magic %%" + ((CellSource.CellMagic) part).name()
                        + " is not supported (the runner understands the line magics %jars and %classpath)");
            } else {
                CellSource.Code code = (CellSource.Code) part;
                String[] last = evalCode(code.text(), offsetOfLine(source, code.firstLine()));
                resultName = last[0];
                resultText = last[1];
            }
        }
        if (resultName != null) {
            // Render the cell's value in the notebook JVM so images become PNG, as IJava renders results.
            evalHidden(CellOutputs.RUNTIME_CLASS + ".emit(\"result\", " + resultName + ");");
        } else if (resultText != null) {
            ObjectNode r = NODES.objectNode();
            r.put("output_type", "execute_result");
            r.put("execution_count", count);
            r.set("data", NODES.objectNode().set("text/plain", Notebook.lines(resultText)));
            r.set("metadata", NODES.objectNode());
            ArrayNode o = outputs.toOutputs(count);
            o.add(r);
            return o;
        }
        return outputs.toOutputs(count);
    }

    /** @return the cell's character offset where line {@code firstLine} starts */
    private int offsetOfLine(String source, int firstLine) {
        int off = 0;
        for (int l = 0; l < firstLine; l++) off = source.indexOf('\n', off) + 1;
        return off;
    }

    /**
     * Evaluates a code part snippet by snippet.
     * @param codeOffset where the part starts in the cell's source (to turn snippet positions into cell lines)
     * @return {name of the variable holding the last snippet's value or null, its value as text or null}
     */
    private String[] evalCode(String code, int codeOffset) throws CellFailure {
        String source = cellSource;
        String remaining = code;
        String[] last = {null, null};
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            SourceCodeAnalysis.Completeness c = info.completeness();
            if (c == SourceCodeAnalysis.Completeness.EMPTY) return last;
            int snippetStart = codeOffset + code.length() - remaining.length();
            int lead = 0; // the snippet's line is where its first non-blank character is
            while (lead < remaining.length() && Character.isWhitespace(remaining.charAt(lead))) lead++;
            int startLine = lineOf(source, snippetStart + lead);
            if (!c.isComplete() && c != SourceCodeAnalysis.Completeness.UNKNOWN)
                throw fail("line " + (startLine + 1) + ": the cell ends inside an unfinished statement or "
                        + "declaration (a missing ';', ')' or '}'?):\n" + indent(remaining.strip()));
            // UNKNOWN means javac will reject it; evaluate anyway so the error is javac's own message.
            String snippet = c.isComplete() ? info.source() : remaining;
            last = evalSnippet(snippet, source, snippetStart, startLine);
            if (!c.isComplete()) return last;
            remaining = info.remaining();
        }
    }

    private String[] evalSnippet(String snippet, String cellSource, int snippetStart, int startLine)
            throws CellFailure {
        List<SnippetEvent> events = timedEval(snippet, startLine);
        String[] result = {null, null};
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue; // a consequence for an earlier snippet, not this one
            Snippet s = e.snippet();
            snippetLocations.put(s.id(), new int[] {cell, startLine}); // JShell counts from the first non-blank
            if (e.status() == Snippet.Status.REJECTED) throw fail(compileErrors(s, cellSource, snippetStart));
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String missing = shell.unresolvedDependencies((DeclarationSnippet) s).collect(Collectors.joining(", "));
                throw fail("line " + (startLine + 1) + ": " + describe(s) + " refers to something undefined: "
                        + missing + "\n" + indent(s.source().strip()));
            }
            if (e.exception() != null) throw fail(exception(e.exception()));
            if (!e.status().isDefined()) throw fail("line " + (startLine + 1) + ": snippet is " + e.status());
            switch (s.subKind()) {
                case TEMP_VAR_EXPRESSION_SUBKIND:
                    result = new String[] {((VarSnippet) s).name(), null};
                    break;
                case VAR_VALUE_SUBKIND:
                    result = new String[] {((ExpressionSnippet) s).name(), null};
                    break;
                case OTHER_EXPRESSION_SUBKIND:
                    result = new String[] {null, e.value()};
                    break;
                default:
                    result = new String[] {null, null};
            }
        }
        return result;
    }

    private void evalHidden(String code) throws CellFailure {
        for (SnippetEvent e : timedEval(code, 0)) {
            if (e.causeSnippet() != null) continue;
            if (e.exception() != null) throw fail(exception(e.exception()));
            if (e.status() != Snippet.Status.VALID)
                throw fail("could not render the cell's value: " + shell.diagnostics(e.snippet())
                        .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; ")));
        }
    }

    /** Evaluates with the cell watchdog armed: a cell running past the timeout is stopped and reported. */
    private List<SnippetEvent> timedEval(String code, int startLine) throws CellFailure {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            shell.stop();
        }, cellTimeout.toMillis(), TimeUnit.MILLISECONDS);
        List<SnippetEvent> events;
        try {
            events = shell.eval(code);
        } catch (IllegalStateException e) {
            throw fail("line " + (startLine + 1) + ": the notebook's JVM is gone (" + e.getMessage()
                    + "); did the code call System.exit or run out of memory?");
        } finally {
            alarm.cancel(false);
        }
        if (timedOut.get())
            throw fail("line " + (startLine + 1) + ": stopped after the cell timeout of "
                    + cellTimeout.toSeconds() + " s");
        return events;
    }

    private void lineMagic(CellSource.LineMagic m) throws CellFailure {
        boolean jarsOnly;
        switch (m.name()) {
            case "jars": jarsOnly = true; break;
            case "classpath": jarsOnly = false; break;
            default:
                throw fail("line " + (m.firstLine() + 1) + ": line magic %" + m.name()
                        + " is not supported (the runner understands %jars and %classpath)");
        }
        if (m.args().isEmpty()) throw fail("line " + (m.firstLine() + 1) + ": %" + m.name() + " needs a path");
        for (String arg : m.args()) {
            List<Path> found;
            try {
                found = PathGlob.resolve(baseDir, arg, jarsOnly);
            } catch (IOException | UncheckedIOException e) {
                throw fail("line " + (m.firstLine() + 1) + ": %" + m.name() + " " + arg + ": " + e.getMessage());
            }
            if (found.isEmpty())
                throw fail("line " + (m.firstLine() + 1) + ": %" + m.name() + " " + arg + ": no such "
                        + (jarsOnly ? "file" : "file or directory") + " (resolved against " + baseDir
                        + "); is the application jar built? ./mvnw -pl validation -am package -DskipTests");
            for (Path p : found) shell.addToClasspath(p.toString());
        }
    }

    private String compileErrors(Snippet s, String cellSource, int snippetStart) {
        StringBuilder b = new StringBuilder("compile error");
        List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
        if (diags.isEmpty()) return b.append(": JShell rejected\n").append(indent(s.source().strip())).toString();
        for (Diag d : diags) {
            long pos = d.getPosition();
            int at = snippetStart + (pos < 0 ? 0 : (int) Math.min(pos, s.source().length()));
            at = Math.min(at, cellSource.length());
            int line = lineOf(cellSource, at);
            int lineStart = cellSource.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = cellSource.indexOf('\n', at);
            if (lineEnd < 0) lineEnd = cellSource.length();
            b.append("\nline ").append(line + 1).append(": ").append(d.getMessage(Locale.ROOT).strip())
                    .append("\n    ").append(cellSource, lineStart, lineEnd)
                    .append("\n    ").append(" ".repeat(Math.max(0, at - lineStart))).append('^');
        }
        return b.toString();
    }

    private String exception(JShellException ex) {
        StringBuilder b = new StringBuilder();
        Throwable t = ex;
        String prefix = "";
        while (t != null) {
            b.append(prefix);
            if (t instanceof EvalException) {
                EvalException ee = (EvalException) t;
                b.append(ee.getExceptionClassName());
                if (ee.getMessage() != null) b.append(": ").append(ee.getMessage());
            } else if (t instanceof UnresolvedReferenceException) {
                DeclarationSnippet d = ((UnresolvedReferenceException) t).getSnippet();
                b.append(describe(d)).append(" cannot run, it refers to something undefined: ")
                        .append(shell.unresolvedDependencies(d).collect(Collectors.joining(", ")));
            } else {
                b.append(t);
            }
            for (StackTraceElement el : t.getStackTrace()) b.append("\n\tat ").append(frame(el));
            t = t.getCause();
            prefix = "\nCaused by: ";
        }
        return b.toString();
    }

    /** A stack frame, with JShell's snippet file names ({@code #12}) turned into cell and line. */
    private String frame(StackTraceElement el) {
        String f = el.getFileName();
        int[] loc = f != null && f.startsWith("#") ? snippetLocations.get(f.substring(1)) : null;
        if (loc == null) return el.toString();
        String where = "cell " + loc[0] + ", line " + (loc[1] + Math.max(el.getLineNumber(), 1));
        String method = el.getMethodName();
        if (method.isEmpty() || method.equals("do_it$")) return where; // a top-level statement of the cell
        // Session classes are nested in JShell's wrapper classes (REPL.$JShell$12$Foo); show Foo.
        String cls = el.getClassName().replaceFirst("^REPL\\.\\$JShell\\$\\d+\\$?", "");
        return (cls.isEmpty() ? "" : cls + ".") + method + "(" + where + ")";
    }

    private String describe(Snippet s) {
        if (s instanceof DeclarationSnippet) return s.kind().name().toLowerCase(Locale.ROOT) + " " + ((DeclarationSnippet) s).name();
        return "snippet";
    }

    private CellFailure fail(String error) {
        ArrayNode o = outputs.toOutputs(executionCount);
        ObjectNode err = o.addObject();
        err.put("output_type", "error");
        String first = error.lines().findFirst().orElse(error);
        err.put("ename", first.contains(":") ? first.substring(0, first.indexOf(':')) : "Error");
        err.put("evalue", first.contains(":") ? first.substring(first.indexOf(':') + 1).strip() : first);
        ArrayNode tb = err.putArray("traceback");
        error.lines().forEach(tb::add);
        return new CellFailure(cell, error, o);
    }

    /** Stops the code that is running now, if any (as a kernel interrupt does); the cell then fails. */
    public void stop() {
        shell.stop();
    }

    /** Ends the session and its JVM. */
    @Override
    public void close() {
        try {
            shell.close();
        } finally {
            watchdog.shutdownNow();
        }
    }

    /** A cell that did not run: its number, the error text and the outputs up to the failure (error included). */
    public static final class CellFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int cell;
        private final String error;
        private final transient ArrayNode outputs;

        CellFailure(int cell, String error, ArrayNode outputs) {
            super("cell " + cell + ": " + error);
            this.cell = cell;
            this.error = error;
            this.outputs = outputs;
        }

        /** @return the cell number given to {@link #runCell} */
        public int cell() { return cell; }

        /** @return the error: compile diagnostics with cell lines, or the exception with its stack mapped to cells */
        public String error() { return error; }

        /** @return nbformat outputs up to the failure, ending with an {@code error} output */
        public ArrayNode outputs() { return outputs; }
    }

    static int lineOf(String text, int offset) {
        int line = 0;
        for (int i = 0; i < offset && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }


    /** Resolution of {@code %jars}/{@code %classpath} arguments: plain paths or globs ({@code *}, {@code **}, {@code ?}). */
    static final class PathGlob {
        private PathGlob() {}

        /**
         * @param base      directory relative arguments are resolved against
         * @param arg       a path or a glob
         * @param filesOnly true for {@code %jars} (regular files), false for {@code %classpath} (directories too)
         * @return the matching paths, absolute and sorted (empty if nothing matches)
         */
        static List<Path> resolve(Path base, String arg, boolean filesOnly) throws IOException {
            Path p = base.resolve(arg).normalize();
            if (!arg.matches(".*[*?\\[{].*")) {
                boolean ok = filesOnly ? Files.isRegularFile(p) : Files.exists(p);
                return ok ? List.of(p) : List.of();
            }
            // Walk from the deepest directory without glob characters and match the rest of the pattern.
            Path root = p.getRoot() == null ? base : p.getRoot();
            Path dir = root;
            int firstGlob = 0;
            for (; firstGlob < p.getNameCount(); firstGlob++) {
                String name = p.getName(firstGlob).toString();
                if (name.matches(".*[*?\\[{].*")) break;
                dir = dir.resolve(name);
            }
            if (!Files.isDirectory(dir)) return List.of();
            String pattern = p.subpath(firstGlob, p.getNameCount()).toString();
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            int depth = pattern.contains("**") ? Integer.MAX_VALUE : p.getNameCount() - firstGlob;
            Path start = dir;
            try (Stream<Path> walk = Files.walk(start, depth)) {
                return walk.filter(q -> !q.equals(start) && matcher.matches(start.relativize(q)))
                        .filter(q -> filesOnly ? Files.isRegularFile(q) : Files.exists(q))
                        .sorted()
                        .collect(Collectors.toList());
            }
        }
    }

}
