package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.io.Npz;
import org.neuralop4j.operators.fno.FnoData;

/**
 * Loads a supervised {@code .npz} for the FNO commands: by default arrays {@code x} (inputs) and {@code y} (targets),
 * or, in a file without {@code y}, the {@code a} and {@code u} that {@code neuralop4j generate} writes.
 */
final class FnoCliData {
    private FnoCliData() {}

    static final String DEFAULT_INPUT = "x", DEFAULT_TARGET = "y";

    /**
     * @param xKey          input array name, or {@code null} for {@code x}; when both names are {@code null} and the
     *                      file has no {@code y} but an {@code a} and a {@code u}, those two are used, channels first
     *                      (the files {@code neuralop4j generate} writes)
     * @param yKey          target array name, or {@code null} for {@code y} (see {@code xKey})
     * @param channelsFirst whether the arrays already carry a channel axis ({@code (N, C, X...)}); otherwise
     *                      {@code (N, X...)} as PDE data sets ship them (see {@link FnoData#withoutChannels})
     * @param missingAxes   where the target axes an input lacks sit; {@code AUTO} in a file from
     *                      {@code neuralop4j generate} means trailing (it writes time last)
     * @param notes         where the automatic choice of names is reported
     */
    static LabeledData load(Path file, String xKey, String yKey, boolean channelsFirst, FnoData.MissingAxes missingAxes,
                            PrintWriter notes) throws IOException {
        if (xKey == null && yKey == null) {
            List<String> names = Npz.names(file);
            if (GeneratedLayout.matches(names)) {
                xKey = GeneratedLayout.INPUT;
                yKey = GeneratedLayout.TARGET;
                if (!channelsFirst) notes.println(file + ": arrays 'a' -> 'u', channels first (the layout of `neuralop4j generate`)");
                channelsFirst = true;
                if (missingAxes == FnoData.MissingAxes.AUTO) missingAxes = FnoData.MissingAxes.TRAILING;
            } else if (!names.contains(DEFAULT_INPUT) || !names.contains(DEFAULT_TARGET)) {
                throw new FormatException(file, "no arrays 'x' and 'y' (the archive has " + names
                        + "); name the input and target arrays with --x-key and --y-key");
            }
        }
        if (xKey == null) xKey = DEFAULT_INPUT;
        if (yKey == null) yKey = DEFAULT_TARGET;
        LabeledData raw = LabeledData.load(file, xKey, yKey);
        try {
            return channelsFirst ? FnoData.channelsFirst(raw.inputs(), raw.targets(), missingAxes)
                    : FnoData.withoutChannels(raw.inputs(), raw.targets(), missingAxes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
