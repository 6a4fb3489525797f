package org.neuralop4j.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a set of notebooks, writes the executed copies, and reports every failure.
 *
 * <p>Command line (run from the notebooks directory, so relative paths resolve as under Jupyter):
 * <pre>
 *   java -cp ... org.neuralop4j.notebooks.RunNotebooks [--out DIR] [--update] [--timeout SECONDS] [NOTEBOOK...]
 * </pre>
 * Without notebook arguments every {@code *.ipynb} of the working directory runs. Executed copies go to
 * {@code --out} (default {@code target/executed}); {@code --update} also writes the outputs back into the
 * notebooks themselves (only for notebooks that ran without error). The exit status is 1 if any notebook failed.
 */
public final class RunNotebooks {
    private final NotebookRunner runner;
    private final Path outDir;
    private final boolean update;

    /**
     * @param runner the runner executing each notebook
     * @param outDir where executed copies are written (created if absent)
     * @param update whether successful runs also overwrite the source notebooks with their new outputs
     */
    public RunNotebooks(NotebookRunner runner, Path outDir, boolean update) {
        this.runner = runner;
        this.outDir = outDir;
        this.update = update;
    }

    /** @return the {@code *.ipynb} files directly in {@code dir}, sorted by name */
    public static List<Path> notebooksIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        }
    }

    /**
     * Runs one notebook and writes its executed copy (also when it fails: the copy then shows the error).
     * @throws NotebookFailure if a cell failed
     */
    public Notebook runOne(Path notebook) throws IOException, NotebookFailure {
        Path copy = outDir.resolve(notebook.getFileName());
        Notebook executed;
        try {
            executed = runner.run(notebook);
        } catch (NotebookFailure f) {
            f.executed().write(copy);
            throw f;
        }
        executed.write(copy);
        if (update) executed.write(notebook);
        return executed;
    }

    /** Runs every notebook, also after a failure. @return the failures, in notebook order */
    public List<NotebookFailure> runAll(List<Path> notebooks) throws IOException {
        List<NotebookFailure> failures = new ArrayList<>();
        for (Path nb : notebooks) {
            try {
                runOne(nb);
            } catch (NotebookFailure f) {
                failures.add(f);
            }
        }
        return failures;
    }

    /** Command-line entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        Path out = Paths.get("target", "executed");
        boolean update = false;
        long timeout = 300;
        List<Path> notebooks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out": out = Paths.get(args[++i]); break;
                case "--update": update = true; break;
                case "--timeout": timeout = Long.parseLong(args[++i]); break;
                default:
                    if (args[i].startsWith("--")) {
                        System.err.println("unknown option " + args[i]
                                + "; usage: RunNotebooks [--out DIR] [--update] [--timeout SECONDS] [NOTEBOOK...]");
                        System.exit(2);
                    }
                    notebooks.add(Paths.get(args[i]));
            }
        }
        if (notebooks.isEmpty()) notebooks = notebooksIn(Paths.get(""));
        RunNotebooks run = new RunNotebooks(new NotebookRunner(Duration.ofSeconds(timeout),
                NotebookRunner.DEFAULT_VM_OPTIONS), out, update);
        List<NotebookFailure> failures = run.runAll(notebooks);
        if (!failures.isEmpty()) {
            System.err.println(NotebookRunner.report(failures));
            System.exit(1);
        }
        System.out.println(notebooks.size() + " notebook(s) ran; executed copies in " + out.toAbsolutePath());
    }
}
