package org.neuralop4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs small notebooks through real JShell sessions: what passes, what fails and how the failure reads. */
class NotebookRunnerTest {
    @TempDir static Path tmp;
    private static final NotebookRunner RUNNER = new NotebookRunner(Duration.ofSeconds(60), NotebookRunner.DEFAULT_VM_OPTIONS);

    /** A library jar in lib/ and a class directory in classes/, beside the notebooks' directory nb/. */
    @BeforeAll
    static void buildLibraries() throws Exception {
        Path src = tmp.resolve("src/demo");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Greeter.java"),
                "package demo; public class Greeter { public static String greet(String n) { return \"hello \" + n; } }");
        Files.writeString(src.resolve("Twice.java"),
                "package demo; public class Twice { public static int of(int x) { return 2 * x; } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = tmp.resolve("classes");
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.resolve("Greeter.java").toString(),
                src.resolve("Twice.java").toString()));
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lib.resolve("greeter-1.0.jar")))) {
            jar.putNextEntry(new JarEntry("demo/Greeter.class"));
            jar.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
            jar.closeEntry();
        }
        Files.delete(classes.resolve("demo/Greeter.class")); // so only the jar can provide it
    }

    @Test
    void goodNotebookGetsOutputsImagesResultsAndCounts() throws Exception {
        Path f = TestNotebooks.write(tmp.resolve("nb/good.ipynb"),
                "md:# A title",
                "%jars ../lib/*.jar\n%classpath ../classes\nimport demo.*;\nSystem.out.println(Greeter.greet(\"notebook\"));\nTwice.of(21)",
                "",
                "import java.awt.image.BufferedImage;\n"
                        + "int square(int x) { return x * x; }\n"
                        + "BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);\n"
                        + "img.setRGB(3, 2, 0xff0000);\n"
                        + "display(\"shown as text\");\n"
                        + "System.err.println(\"to stderr\");\n"
                        + "img",
                "String s = \"plain string\";\ns",
                "int y = square(4);\nSystem.out.print(\"y=\" + y);");
        Notebook nb = RUNNER.run(f);

        assertEquals(0, nb.outputs(0).size());
        assertEquals("hello notebook\n", TestNotebooks.text(nb, 1, "stream"));
        assertEquals("42", TestNotebooks.text(nb, 1, "execute_result"));
        assertEquals(0, nb.outputs(2).size(), "a blank cell is not executed");

        var outs = nb.outputs(3);
        assertEquals(List.of("display_data", "stream", "execute_result"),
                List.of(outs.get(0).get("output_type").asText(), outs.get(1).get("output_type").asText(),
                        outs.get(2).get("output_type").asText()));
        assertEquals("shown as text", outs.get(0).get("data").get("text/plain").get(0).asText());
        assertEquals("stderr", outs.get(1).get("name").asText());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(outs.get(2).get("data").get("image/png").asText())));
        assertEquals(7, png.getWidth());
        assertEquals(5, png.getHeight());
        assertEquals(0xff0000, png.getRGB(3, 2) & 0xffffff);

        assertEquals("plain string", TestNotebooks.text(nb, 4, "execute_result"), "like IJava: no quotes");
        assertEquals("y=16", TestNotebooks.text(nb, 5, "stream"));
        assertEquals("", TestNotebooks.text(nb, 5, "execute_result"), "a statement has no value");

        String json = nb.toJson();
        assertTrue(json.contains("\"execution_count\": 4"), "counts run 1..4 over non-blank code cells");
        assertFalse(json.contains("\"execution_count\": 5"));
    }

    @Test
    void compileErrorNamesNotebookCellLineAndMessage() throws Exception {
        Path f = TestNotebooks.write(tmp.resolve("nb/compile.ipynb"),
                "md:intro",
                "int a = 1;",
                "int b = 2;\nStrin c = \"x\";\nint d = 4;",
                "System.out.println(\"never runs\");");
        NotebookFailure e = assertThrows(NotebookFailure.class, () -> RUNNER.run(f));
        assertEquals(3, e.cell());
        assertTrue(e.getMessage().startsWith("compile.ipynb, cell 3: compile error"), e.getMessage());
        assertTrue(e.error().contains("line 2: cannot find symbol"), e.error());
        assertTrue(e.error().contains("    Strin c = \"x\";\n    ^"), e.error());
        var err = e.executed().outputs(2);
        assertEquals("error", err.get(err.size() - 1).get("output_type").asText());
        assertEquals(0, e.executed().outputs(3).size(), "cells after the failure are not run");
    }

    /** One session, many failing cells: a session survives a failed cell, as a kernel does. */
    @Test
    void failingCellsExplainThemselvesAndTheSessionGoesOn() throws Exception {
        try (JShellSession session = new JShellSession(tmp.resolve("nb"), Duration.ofSeconds(3), NotebookRunner.DEFAULT_VM_OPTIONS)) {
            session.runCell(1, "void check(int n) {\n    if (n > 2) throw new IllegalStateException(\"n too big: \" + n);\n}", 1);

            JShellSession.CellFailure f = failure(session, 2, "System.out.println(\"before\");\n\ncheck(1);\ncheck(3);");
            assertTrue(f.error().startsWith("java.lang.IllegalStateException: n too big: 3"), f.error());
            assertTrue(f.error().contains("at check(cell 1, line 2)"), f.error());
            assertTrue(f.error().contains("at cell 2, line 4"), f.error());
            assertEquals("before\n", f.outputs().get(0).get("text").get(0).asText(), "output before the failure is kept");
            assertEquals("error", f.outputs().get(f.outputs().size() - 1).get("output_type").asText());

            f = failure(session, 3, "double twice(double x) { return Helper.scale(x, 2); }");
            assertTrue(f.error().startsWith("line 1: method twice refers to something undefined: "), f.error());
            assertTrue(f.error().contains("Helper"), f.error());

            f = failure(session, 4, "int a = 1;\nfor (int i = 0; i < 3; i++) {\n  a += i;\n");
            assertTrue(f.error().startsWith("line 2: the cell ends inside an unfinished statement"), f.error());

            f = failure(session, 5, "int b = 1;\n%maven org.example:x:1.0");
            assertTrue(f.error().startsWith("line 2: line magic %maven is not supported"), f.error());

            f = failure(session, 6, "%%bash\necho hi");
            assertTrue(f.error().startsWith("line 1: cell magic %%bash is not supported"), f.error());

            f = failure(session, 7, "%jars ../lib/nothing-here.jar");
            assertTrue(f.error().startsWith("line 1: %jars ../lib/nothing-here.jar: no such file (resolved against "
                    + tmp.resolve("nb").toAbsolutePath()), f.error());

            long t0 = System.nanoTime();
            f = failure(session, 8, "int c = 0;\nThread.sleep(120_000);");
            assertTrue(f.error().startsWith("line 2: stopped after the cell timeout of 3 s"), f.error());
            assertTrue(System.nanoTime() - t0 < 60e9, "the watchdog stopped the cell");

            var ok = session.runCell(9, "check(2);\nb + 41", 9);
            assertEquals("42", ok.get(0).get("data").get("text/plain").get(0).asText(), "definitions of earlier cells survive");
        }
    }

    private static JShellSession.CellFailure failure(JShellSession session, int cell, String source) {
        JShellSession.CellFailure f = assertThrows(JShellSession.CellFailure.class, () -> session.runCell(cell, source, cell));
        assertEquals(cell, f.cell());
        return f;
    }

    @Test
    void runAllWritesExecutedCopiesAndUpdatesOnlyNotebooksThatRan() throws Exception {
        Path good = TestNotebooks.write(tmp.resolve("upd/good.ipynb"), "1 + 1");
        Path bad = TestNotebooks.write(tmp.resolve("upd/bad.ipynb"), "int x = \"no\";");
        String badBefore = Files.readString(bad);
        Path out = tmp.resolve("upd/out");
        List<NotebookFailure> failures = new RunNotebooks(RUNNER, out, true).runAll(List.of(bad, good));
        assertEquals(1, failures.size());
        assertEquals(bad, failures.get(0).notebook());
        assertTrue(NotebookRunner.report(failures).startsWith("notebook " + bad + ", cell 1:\n    compile error"),
                NotebookRunner.report(failures));
        assertEquals("2", TestNotebooks.text(Notebook.read(good), 0, "execute_result"), "updated in place");
        assertEquals("2", TestNotebooks.text(Notebook.read(out.resolve("good.ipynb")), 0, "execute_result"));
        assertEquals(badBefore, Files.readString(bad), "a failing notebook is not overwritten");
        assertTrue(Files.readString(out.resolve("bad.ipynb")).contains("\"output_type\": \"error\""));
    }

}
