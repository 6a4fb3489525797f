package org.neuralop4j.validation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code neuralop4j bench ...}: benchmarks that print ratios against references measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (each measures its own reference in the same run).",
        subcommands = {GemmBenchCommand.class, BenchFnoCommand.class, OperatorStudyCommands.DeepONetAntiderivative.class,
                OperatorStudyCommands.GnoDarcy.class, OperatorStudyCommands.NknDepth.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
