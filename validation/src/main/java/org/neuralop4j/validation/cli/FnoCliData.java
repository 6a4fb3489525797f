package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.operators.fno.FnoData;

/** Loads a supervised {@code .npz} for the FNO commands: arrays {@code x} (inputs) and {@code y} (targets). */
final class FnoCliData {
    private FnoCliData() {}

    /**
     * @param channelsFirst whether the arrays already carry a channel axis ({@code (N, C, X...)}); otherwise
     *                      {@code (N, X...)} as PDE data sets ship them (see {@link FnoData#withoutChannels})
     */
    static LabeledData load(Path file, String xKey, String yKey, boolean channelsFirst) throws IOException {
        LabeledData raw = LabeledData.load(file, xKey, yKey);
        try {
            return channelsFirst ? FnoData.channelsFirst(raw.inputs(), raw.targets()) : FnoData.withoutChannels(raw.inputs(), raw.targets());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
