package org.neuralop4j.core.train;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.optim.Adam;
import org.neuralop4j.core.optim.LrSchedule;

/**
 * Step-based regression training: {@code steps} Adam updates on the mean squared error
 * {@code mean (f(x_b) - t_b)^2} of minibatches drawn uniformly <em>with replacement</em> from a seeded stream.
 *
 * <p>This is the loop of the unrolled and post-processing reconstruction networks (LISTA, the adjoint and
 * zero-filled post-processors), whose budgets are counted in steps, not epochs. Epoch-based training with
 * permutations, validation, checkpoints and progress is {@link Trainer}'s job.
 *
 * <p>The index stream is {@code XO_RO_SHI_RO_128_PP} seeded with {@code seed}, {@code min(batch, count)} draws of
 * {@code nextInt(count)} per step, so the same seed gives the same batches and, the ops being deterministic, the
 * same bits.
 */
public final class SampledMseTraining {
    private SampledMseTraining() {}

    /**
     * Trains {@code model} in place.
     * @param parameters   what Adam updates (the model's parameters)
     * @param model        the map {@code f}, batch in, batch out
     * @param inputs       {@code (count, ...)} inputs
     * @param targets      {@code (count, ...)} targets, the shape of {@code f}'s output
     * @param steps        Adam steps ({@code >= 1})
     * @param batch        samples per step ({@code >= 1}; capped at {@code count})
     * @param learningRate base rate
     * @param schedule     the rate of each step ({@link LrSchedule} with the step index as its "epoch")
     * @param seed         seed of the batch indices
     * @param afterStep    called with the number of steps done after each step (must not change the parameters)
     * @return the training loss of each step
     */
    public static double[] train(List<Parameter> parameters, UnaryOperator<Var> model, Tensor inputs, Tensor targets,
                                 int steps, int batch, double learningRate, LrSchedule schedule, long seed,
                                 IntConsumer afterStep) {
        Checks.positive("steps", steps);
        Checks.positive("batch", batch);
        int count = inputs.dim(0);
        if (targets.dim(0) != count)
            throw new IllegalArgumentException("targets: " + targets.dim(0) + " samples, inputs: " + count);
        Adam opt = new Adam(parameters, learningRate);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            int[] idx = new int[Math.min(batch, count)];
            for (int i = 0; i < idx.length; i++) idx[i] = rng.nextInt(count);
            opt.setLearningRate(schedule.lr(learningRate, step));
            Var out = model.apply(Var.constant(inputs.gather(idx)));
            Var loss = Ops.mean(Ops.square(Ops.sub(out, Var.constant(targets.gather(idx)))));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            losses[step] = loss.value().item();
            afterStep.accept(step + 1);
        }
        return losses;
    }

    /** {@link #train} at a constant rate, without a per-step callback. */
    public static double[] train(List<Parameter> parameters, UnaryOperator<Var> model, Tensor inputs, Tensor targets,
                                 int steps, int batch, double learningRate, long seed) {
        return train(parameters, model, inputs, targets, steps, batch, learningRate, LrSchedule.constant(), seed,
                done -> { });
    }
}
