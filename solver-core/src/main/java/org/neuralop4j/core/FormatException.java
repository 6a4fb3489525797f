package org.neuralop4j.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be read because its content is not what its format promises (truncated, corrupt, wrong type).
 * The message always names the file and the problem.
 */
public final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String problem;

    /**
     * @param file    the offending file (may be {@code null} for in-memory data)
     * @param problem what is wrong with it
     */
    public FormatException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * @param file    the offending file (may be {@code null} for in-memory data)
     * @param problem what is wrong with it
     * @param cause   underlying exception, may be {@code null}
     */
    public FormatException(Path file, String problem, Throwable cause) {
        super((file == null ? "<memory>" : file.toString()) + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** @return the file that failed to parse, or {@code null} */
    public Path file() { return file; }

    /** @return the reason, without the file name */
    public String problem() { return problem; }
}
