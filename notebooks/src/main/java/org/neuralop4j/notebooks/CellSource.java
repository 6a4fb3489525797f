package org.neuralop4j.notebooks;

import java.util.ArrayList;
import java.util.List;

/**
 * A code cell split the way IJava/JJava read it: Java code, interrupted by line magics (a line whose first
 * non-blank character is {@code %}, such as {@code %jars ../validation/target/neuralop4j-app.jar}). A cell that
 * starts with {@code %%} is a cell magic.
 *
 * <p>Each part remembers the 0-based line of the cell it starts on, so that errors can name the cell line.
 */
public final class CellSource {
    /** A piece of a cell: either Java code or one line magic. */
    public interface Part {
        /** @return the 0-based line of the cell this part starts on */
        int firstLine();
    }

    /** Java source handed to JShell as it is. */
    public record Code(String text, int firstLine) implements Part {}

    /** A line magic {@code %name args...}; arguments are split like a shell does (quotes group, no expansion). */
    public record LineMagic(String name, List<String> args, int firstLine) implements Part {}

    /** A cell magic {@code %%name args...} followed by its body (the rest of the cell). */
    public record CellMagic(String name, List<String> args, String body, int firstLine) implements Part {}

    private CellSource() {}

    /**
     * Splits a cell into parts in source order.
     * @throws IllegalArgumentException if a magic line has an unterminated quote or no name
     */
    public static List<Part> parse(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        if (cell.stripLeading().startsWith("%%")) {
            int first = 0;
            while (lines[first].isBlank()) first++;
            List<String> words = words(lines[first].strip().substring(2), first);
            StringBuilder body = new StringBuilder();
            for (int i = first + 1; i < lines.length; i++) body.append(lines[i]).append(i + 1 < lines.length ? "\n" : "");
            parts.add(new CellMagic(words.get(0), List.copyOf(words.subList(1, words.size())), body.toString(), first));
            return parts;
        }
        StringBuilder code = new StringBuilder();
        int codeStart = 0;
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].strip();
            if (stripped.startsWith("%")) {
                if (!code.toString().isBlank()) parts.add(new Code(code.toString(), codeStart));
                code.setLength(0);
                List<String> words = words(stripped.substring(1), i);
                parts.add(new LineMagic(words.get(0), List.copyOf(words.subList(1, words.size())), i));
                codeStart = i + 1;
            } else {
                code.append(lines[i]);
                if (i + 1 < lines.length) code.append('\n');
            }
        }
        if (!code.toString().isBlank()) parts.add(new Code(code.toString(), codeStart));
        return parts;
    }

    /** Splits a magic line into words: whitespace separates, single or double quotes group, backslash escapes. */
    static List<String> words(String line, int lineIndex) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < line.length()) w.append(line.charAt(++i));
                else w.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0)
            throw new IllegalArgumentException("line " + (lineIndex + 1) + ": unterminated " + quote + " in magic: %" + line);
        if (inWord) out.add(w.toString());
        if (out.isEmpty() || out.get(0).isEmpty())
            throw new IllegalArgumentException("line " + (lineIndex + 1) + ": magic without a name: %" + line);
        return out;
    }
}
