package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command-line tool: its exit code and what it printed to its out and err writers. */
record CliRun(int code, String out, String err) {
    /** Runs {@code args} through a fresh {@link Main#commandLine()}. */
    static CliRun of(String... args) {
        return of(Main.commandLine(), args);
    }

    /** Runs {@code args} through {@code cl}, capturing its writers. */
    static CliRun of(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code args}, asserts exit code 0 (the message names the command and its stderr) and returns stdout. */
    static String succeed(String... args) {
        CliRun r = of(args);
        assertEquals(0, r.code, "exit code of " + String.join(" ", args) + "; stderr: " + r.err);
        return r.out;
    }
}
