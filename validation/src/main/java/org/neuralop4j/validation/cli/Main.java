package org.neuralop4j.validation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code neuralop4j} command-line application. Each capability is a subcommand class in this package;
 * {@code neuralop4j --help} lists them.
 */
@Command(name = "neuralop4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "PDE neural operators and stable inverse-problem solvers on the JVM.",
        subcommands = {
                TrainCommand.class,
                EvaluateCommand.class,
                GenerateCommand.class,
                ReconstructCommand.class,
                ReproduceCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with the library's conventions (case-insensitive enums, clean errors). */
    public static CommandLine commandLine() { return configure(new CommandLine(new Main())); }

    /** Applies the library's conventions to a command line (also used to test a subcommand on its own). */
    public static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof java.io.IOException) {
                cmd.getErr().println("neuralop4j: " + message(ex));
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    /**
     * What went wrong, in words: the file-system exceptions carry only the path as their message (a bare
     * "/data/x.npz" tells a user nothing), so they are named here.
     */
    static String message(Exception ex) {
        if (ex instanceof java.nio.file.FileSystemException) {
            java.nio.file.FileSystemException fs = (java.nio.file.FileSystemException) ex;
            String what = ex instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : ex instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : ex instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : ex instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : ex instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : fs.getReason() != null ? fs.getReason() : "cannot access";
            String where = fs.getOtherFile() == null ? fs.getFile() : fs.getFile() + " -> " + fs.getOtherFile();
            return what + ": " + where;
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
