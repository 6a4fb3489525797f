package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neuralop4j.core.train.Trainer;

/**
 * Keeps a training command from silently replacing an earlier run: a run of hours is lost if a second command with
 * the same (or the default) {@code --out} starts over in its directory.
 */
final class RunDirectory {
    private RunDirectory() {}

    /**
     * Everything a training command writes besides its sample plots: any of them marks a directory as holding a run,
     * and {@code --overwrite} removes them all so that nothing of the old run lingers.
     */
    static final List<String> RUN_FILES = List.of("model.safetensors", "config.json", Trainer.LAST, Trainer.BEST,
            Trainer.METRICS_CSV, Trainer.METRICS_JSON, "plots/training_curve.png");

    /**
     * Called before anything is read, so that a refused command costs nothing; a command told to {@code overwrite}
     * calls {@link #replaceEarlierRun} only once its inputs have loaded and its model is built, so that a command
     * that fails on bad input leaves the earlier run intact.
     * @throws IllegalArgumentException when {@code out} holds a run and the command neither continues it nor was
     *         told to replace it, or when it was told both
     */
    static void requireNoEarlierRun(Path out, boolean resuming, boolean overwrite) {
        if (resuming && overwrite) throw new IllegalArgumentException("--resume and --overwrite exclude each other");
        if (resuming || overwrite) return;
        for (String f : RUN_FILES)
            if (Files.exists(out.resolve(f)))
                throw new IllegalArgumentException(out + " already holds a training run (" + f + "): pass --resume to"
                        + " continue it, --overwrite to replace it, or another --out");
    }

    /**
     * With {@code overwrite} and not {@code resuming}: deletes the files of {@link #RUN_FILES} and the sample plots
     * ({@code plots/sample_*.png}) from {@code out}; other files there are left alone.
     */
    static void replaceEarlierRun(Path out, boolean resuming, boolean overwrite) throws IOException {
        if (!overwrite || resuming) return;
        for (String f : RUN_FILES) Files.deleteIfExists(out.resolve(f));
        Path plots = out.resolve("plots");
        if (Files.isDirectory(plots))
            try (DirectoryStream<Path> samples = Files.newDirectoryStream(plots, "sample_*.png")) {
                for (Path f : samples) Files.delete(f);
            }
    }
}
