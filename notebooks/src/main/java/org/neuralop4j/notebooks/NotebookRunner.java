package org.neuralop4j.notebooks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Executes every code cell of a Jupyter notebook with the JDK's JShell API, the engine IJava and JJava are built
 * on, and records the outputs in the notebook (nbformat 4) the way a Jupyter kernel would.
 *
 * <p>Cells run in a {@link JShellSession} (see there for what a cell may contain and when it fails).
 * Each notebook gets a fresh JShell whose code runs in a separate JVM started with {@link #DEFAULT_VM_OPTIONS}
 * and the working directory of this process; run from the notebook's directory so relative file paths in
 * notebook code mean what they mean under Jupyter.
 */
public final class NotebookRunner {
    /** Options of the JVM that runs notebook code: the SIMD kernels' module, and no display needed for plots. */
    public static final List<String> DEFAULT_VM_OPTIONS =
            List.of("--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true");

    private final Duration cellTimeout;
    private final List<String> vmOptions;

    /**
     * @param cellTimeout longest time one cell may run before it is stopped and reported
     * @param vmOptions   options of the JVM that runs the notebook code
     */
    public NotebookRunner(Duration cellTimeout, List<String> vmOptions) {
        if (cellTimeout.isNegative() || cellTimeout.isZero())
            throw new IllegalArgumentException("cellTimeout must be positive, got " + cellTimeout);
        this.cellTimeout = cellTimeout;
        this.vmOptions = List.copyOf(vmOptions);
    }

    /** A runner with {@link #DEFAULT_VM_OPTIONS} and a cell timeout of five minutes. */
    public NotebookRunner() {
        this(Duration.ofMinutes(5), DEFAULT_VM_OPTIONS);
    }

    /**
     * Runs every code cell of {@code file} in order.
     * @return the notebook with fresh outputs and execution counts (the file itself is not modified)
     * @throws NotebookFailure naming the first cell that failed; it carries the partly executed notebook
     */
    public Notebook run(Path file) throws IOException, NotebookFailure {
        Notebook nb = Notebook.read(file);
        nb.clearOutputs();
        Path baseDir = file.toAbsolutePath().getParent();
        try (JShellSession session = new JShellSession(baseDir, cellTimeout, vmOptions)) {
            int executionCount = 0;
            for (int i = 0; i < nb.cellCount(); i++) {
                if (nb.cellType(i) != Notebook.CellType.CODE || nb.source(i).isBlank()) continue;
                executionCount++;
                try {
                    nb.setOutputs(i, executionCount, session.runCell(i + 1, nb.source(i), executionCount));
                } catch (JShellSession.CellFailure f) {
                    nb.setOutputs(i, executionCount, f.outputs());
                    throw new NotebookFailure(file, f.cell(), f.error(), nb);
                }
            }
        }
        return nb;
    }

    /** Formats a list of failures for a build log: one block per notebook. */
    static String report(List<NotebookFailure> failures) {
        List<String> blocks = new ArrayList<>();
        for (NotebookFailure f : failures)
            blocks.add("notebook " + f.notebook() + ", cell " + f.cell() + ":\n"
                    + f.error().lines().map(l -> "    " + l).collect(Collectors.joining("\n")));
        return String.join("\n\n", blocks);
    }
}
