package org.neuralop4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every committed notebook ({@code notebooks/*.ipynb}) against the application jar, in the build's
 * integration-test phase: a notebook that no longer runs fails {@code ./mvnw verify}, naming notebook, cell and
 * error. Executed copies go to {@code target/executed}; {@code -Dnotebooks.update=true} refreshes the committed
 * outputs; {@code -Dnotebooks.only=a.ipynb,b.ipynb} runs only those.
 */
class NotebooksIT {
    @TestFactory
    Stream<DynamicTest> everyNotebookRunsAndShowsItsPlots() throws Exception {
        Path dir = Paths.get("").toAbsolutePath(); // failsafe runs in the module directory, as Jupyter would
        List<Path> notebooks = RunNotebooks.notebooksIn(dir);
        String only = System.getProperty("notebooks.only", "").strip();
        if (!only.isEmpty()) {
            List<String> names = List.of(only.split("\\s*,\\s*"));
            notebooks = notebooks.stream().filter(p -> names.contains(p.getFileName().toString())).collect(Collectors.toList());
            assertEquals(names.size(), notebooks.size(), "-Dnotebooks.only=" + only + " names notebooks not in " + dir);
        }
        assertFalse(notebooks.isEmpty(), "no notebooks found in " + dir);
        RunNotebooks run = new RunNotebooks(
                new NotebookRunner(Duration.ofSeconds(Long.getLong("notebooks.cellTimeoutSeconds", 300)),
                        NotebookRunner.DEFAULT_VM_OPTIONS),
                Paths.get(System.getProperty("notebooks.out", "target/executed")),
                Boolean.getBoolean("notebooks.update"));
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            Notebook executed;
            try {
                executed = run.runOne(nb);
            } catch (NotebookFailure f) {
                fail(f.getMessage());
                return;
            }
            assertTrue(hasImage(executed), nb.getFileName() + " ran but shows no plot (no image/png output)");
        }));
    }

    private static boolean hasImage(Notebook nb) {
        for (int i = 0; i < nb.cellCount(); i++)
            for (var o : nb.outputs(i)) if (o.path("data").has("image/png")) return true;
        return false;
    }
}
