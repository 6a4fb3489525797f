package org.neuralop4j.notebooks;

import java.nio.file.Path;

/**
 * A notebook cell that did not run: a compile error, an exception, an unsupported magic, a timeout. The message
 * names the notebook, the cell (1-based, counting every cell as Jupyter shows them) and the error.
 */
public final class NotebookFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path notebook;
    private final int cell;
    private final String error;
    private final transient Notebook executed;

    NotebookFailure(Path notebook, int cell, String error, Notebook executed) {
        super(notebook.getFileName() + ", cell " + cell + ": " + error);
        this.notebook = notebook;
        this.cell = cell;
        this.error = error;
        this.executed = executed;
    }

    /** @return the notebook file */
    public Path notebook() { return notebook; }

    /** @return the failing cell, 1-based over all cells */
    public int cell() { return cell; }

    /** @return the error alone (compile diagnostics with cell lines, or the exception and its stack trace) */
    public String error() { return error; }

    /** @return the notebook with outputs up to and including the failing cell (its error as an output) */
    public Notebook executed() { return executed; }
}
