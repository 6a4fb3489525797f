package org.neuralop4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellSourceTest {
    @Test
    void lineMagicsSplitTheCellAndKeepTheirLines() {
        List<CellSource.Part> parts = CellSource.parse(
                "%jars ../validation/target/neuralop4j-app.jar\nint a = 1;\n  %classpath \"dir with space\" 'b c' d\\ e\nint b = 2;");
        assertEquals(4, parts.size());
        CellSource.LineMagic jars = assertInstanceOf(CellSource.LineMagic.class, parts.get(0));
        assertEquals("jars", jars.name());
        assertEquals(List.of("../validation/target/neuralop4j-app.jar"), jars.args());
        assertEquals(0, jars.firstLine());
        CellSource.Code a = assertInstanceOf(CellSource.Code.class, parts.get(1));
        assertEquals("int a = 1;\n", a.text());
        assertEquals(1, a.firstLine());
        CellSource.LineMagic cp = assertInstanceOf(CellSource.LineMagic.class, parts.get(2));
        assertEquals("classpath", cp.name());
        assertEquals(List.of("dir with space", "b c", "d e"), cp.args());
        assertEquals(2, cp.firstLine());
        CellSource.Code b = assertInstanceOf(CellSource.Code.class, parts.get(3));
        assertEquals("int b = 2;", b.text());
        assertEquals(3, b.firstLine());
    }

    @Test
    void codeWithoutMagicsIsOnePart() {
        List<CellSource.Part> parts = CellSource.parse("int x = 5 % 3;\nx");
        assertEquals(1, parts.size());
        assertEquals("int x = 5 % 3;\nx", ((CellSource.Code) parts.get(0)).text());
    }

    @Test
    void cellMagicTakesTheWholeCell() {
        List<CellSource.Part> parts = CellSource.parse("\n%%bash -x\necho hi\necho there");
        CellSource.CellMagic m = assertInstanceOf(CellSource.CellMagic.class, parts.get(0));
        assertEquals("bash", m.name());
        assertEquals(List.of("-x"), m.args());
        assertEquals("echo hi\necho there", m.body());
        assertEquals(1, m.firstLine());
    }

    @Test
    void badMagicLinesAreRejectedWithTheirLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellSource.parse("int a;\n%jars \"unterminated"));
        assertTrue(e.getMessage().startsWith("line 2: unterminated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CellSource.parse("%  "));
        assertTrue(e.getMessage().contains("without a name"), e.getMessage());
    }
}
