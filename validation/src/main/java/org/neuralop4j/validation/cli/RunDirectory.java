package org.neuralop4j.validation.cli;

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

    /** The files whose presence marks a directory as holding a run. */
    static final List<String> RUN_FILES = List.of("model.safetensors", Trainer.LAST, Trainer.METRICS_CSV);

    /**
     * @throws IllegalArgumentException when {@code out} holds a run and the command neither continues it nor was
     *         told to replace it
     */
    static void requireNoEarlierRun(Path out, boolean resuming, boolean overwrite) {
        if (resuming || overwrite) return;
        for (String f : RUN_FILES)
            if (Files.exists(out.resolve(f)))
                throw new IllegalArgumentException(out + " already holds a training run (" + f + "): pass --resume to"
                        + " continue it, --overwrite to replace it, or another --out");
    }
}
