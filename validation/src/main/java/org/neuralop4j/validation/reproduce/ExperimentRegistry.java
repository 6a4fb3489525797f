package org.neuralop4j.validation.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.RunMode;

/**
 * The experiments {@code neuralop4j reproduce} knows, in run order. {@link #standard()} is the one list every
 * module's experiments are added to; tests build their own registries.
 */
public final class ExperimentRegistry {
    private final Map<String, Experiment> experiments = new LinkedHashMap<>();

    /**
     * Every experiment of the project. Add new experiments here (models: Darcy/Burgers FNO, DeepONet; FIRENET
     * accuracy, contraction, stability; trained-vs-FIRENET stability; determinism of the model code).
     */
    public static ExperimentRegistry standard() {
        return new ExperimentRegistry()
                .add(new StabilitySanityExperiment())
                .add(new FftChecksExperiment())
                .add(new GradientChecksExperiment())
                .add(new DeterminismExperiment())
                .add(new ConvergenceOrderExperiment())
                .add(new org.neuralop4j.validation.inverse.FirenetExperiment())
                .add(new org.neuralop4j.validation.operators.FnoDarcy16Experiment())
                .add(new org.neuralop4j.validation.operators.FnoBurgers16Experiment())
                .add(new org.neuralop4j.validation.operators.DeepONetAntiderivativeExperiment())
                .add(org.neuralop4j.validation.operators.FnoGeneratedExperiment.burgersQuick())
                .add(org.neuralop4j.validation.operators.FnoGeneratedExperiment.burgersPaper())
                .add(org.neuralop4j.validation.operators.FnoGeneratedExperiment.darcyPaper())
                .add(new org.neuralop4j.validation.operators.NknDepthExperiment())
                .add(new org.neuralop4j.validation.operators.GnoVersusFnoExperiment())
                .add(new org.neuralop4j.validation.studies.TrainedVersusFirenetExperiment())
                .add(new org.neuralop4j.validation.studies.KernelDetailInstabilityExperiment())
                .add(new org.neuralop4j.validation.studies.QuantizationStabilityExperiment());
    }

    /**
     * Adds an experiment at the end.
     * @throws IllegalArgumentException when the name is taken
     */
    public ExperimentRegistry add(Experiment e) {
        if (experiments.putIfAbsent(e.name(), e) != null)
            throw new IllegalArgumentException("an experiment named '" + e.name() + "' is already registered");
        return this;
    }

    /** @return all experiments in registration order */
    public List<Experiment> all() { return new ArrayList<>(experiments.values()); }

    /** @return the names in registration order */
    public List<String> names() { return new ArrayList<>(experiments.keySet()); }

    /**
     * The experiments to run.
     * @param mode the run mode; without {@code only}, the experiments whose {@link Experiment#modes()} include it
     * @param only names to run (any mode membership), in registration order; empty for "all of the mode"
     * @throws IllegalArgumentException naming every unknown name and listing the known ones
     */
    public List<Experiment> select(RunMode mode, List<String> only) {
        List<Experiment> out = new ArrayList<>();
        if (only == null || only.isEmpty()) {
            for (Experiment e : experiments.values()) if (e.modes().contains(mode)) out.add(e);
            return out;
        }
        List<String> unknown = new ArrayList<>();
        for (String n : only) if (!experiments.containsKey(n)) unknown.add(n);
        if (!unknown.isEmpty())
            throw new IllegalArgumentException("unknown experiment(s) " + unknown + "; registered: " + String.join(", ", experiments.keySet()));
        for (Experiment e : experiments.values()) if (only.contains(e.name())) out.add(e);
        return out;
    }
}
