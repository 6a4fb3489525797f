package org.neuralop4j.validation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code neuralop4j train <model> ...}: trains a neural operator and writes a self-describing checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a neural operator; the checkpoint (safetensors + JSON config) alone rebuilds the model.",
        subcommands = {TrainOperatorCommands.DeepONetCommand.class, TrainOperatorCommands.GnoCommand.class,
                TrainOperatorCommands.NknCommand.class, TrainOperatorCommands.LnoCommand.class})
public final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
