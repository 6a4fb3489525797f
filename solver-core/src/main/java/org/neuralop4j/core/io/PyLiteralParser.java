package org.neuralop4j.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literal syntax that {@code .npy} headers use: dicts, tuples, lists, strings
 * (single or double quoted, with backslash escapes), integers and {@code True/False/None}. Never evaluates
 * anything. Errors are {@link IllegalArgumentException}s with the position, turned into format errors by the caller.
 */
final class PyLiteralParser {
    /** A Python tuple (kept apart from lists: the shape must be a tuple, a list descr means a structured dtype). */
    static final class Tuple {
        final List<Object> items;

        Tuple(List<Object> items) { this.items = items; }

        @Override public String toString() { return "tuple" + items; }
    }

    private static final Object NONE = new Object() {
        @Override public String toString() { return "None"; }
    };

    private final String s;
    private int pos;

    PyLiteralParser(String s) { this.s = s; }

    /** Parses one literal followed only by whitespace (the header's padding and newline). */
    Object parseHeader() {
        Object v = value(0);
        skipSpace();
        if (pos != s.length()) throw error("unexpected text after the dict");
        return v;
    }

    private Object value(int depth) {
        if (depth > 32) throw error("nesting too deep");
        skipSpace();
        if (pos >= s.length()) throw error("unexpected end");
        char c = s.charAt(pos);
        switch (c) {
            case '{': return dict(depth);
            case '(': return sequence(')', depth, true);
            case '[': return sequence(']', depth, false);
            case '\'': case '"': return string();
            default:
                if (c == '-' || c == '+' || Character.isDigit(c)) return integer();
                if (s.startsWith("True", pos)) { pos += 4; return Boolean.TRUE; }
                if (s.startsWith("False", pos)) { pos += 5; return Boolean.FALSE; }
                if (s.startsWith("None", pos)) { pos += 4; return NONE; }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<Object, Object> dict(int depth) {
        pos++; // {
        Map<Object, Object> m = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') { pos++; return m; }
            Object key = value(depth + 1);
            if (key instanceof Map || key instanceof List) throw error("unhashable dict key");
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (m.put(key, v) != null) throw error("duplicate key " + key);
            skipSpace();
            char c = peek();
            if (c == ',') pos++;
            else if (c != '}') throw error("expected ',' or '}'");
        }
    }

    private Object sequence(char close, int depth, boolean tuple) {
        pos++;
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                // "(3)" is just 3 in Python, not a tuple
                if (tuple && items.size() == 1 && !sawComma) return items.get(0);
                return tuple ? new Tuple(items) : items;
            }
            items.add(value(depth + 1));
            skipSpace();
            char c = peek();
            if (c == ',') { pos++; sawComma = true; }
            else if (c != close) throw error("expected ',' or '" + close + "'");
        }
    }

    private String string() {
        char quote = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) throw error("unterminated string");
            char c = s.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c == '\n') throw error("newline in string");
            if (c == '\\') {
                if (pos >= s.length()) throw error("unterminated string");
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case '0': sb.append('\0'); break;
                    case '\\': case '\'': case '"': sb.append(e); break;
                    default: throw error("unsupported escape \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Long integer() {
        int start = pos;
        if (s.charAt(pos) == '-' || s.charAt(pos) == '+') pos++;
        int digitsStart = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
        if (pos == digitsStart) throw error("malformed number");
        // Python 2 era headers may write 3L
        String text = s.substring(start, pos);
        if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++;
        if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'))
            throw error("non-integer number");
        try {
            return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException ex) {
            throw error("integer out of range: " + text);
        }
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private char peek() {
        if (pos >= s.length()) throw error("unexpected end");
        return s.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at position " + pos);
    }
}
