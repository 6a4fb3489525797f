package org.neuralop4j.core.train;

import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;

/** A scalar loss or metric of a prediction against a target batch; see {@link Losses} for the formulas. */
@FunctionalInterface
public interface Loss {
    /** @return a rank-0 Var; differentiable when {@code pred} requires a gradient */
    Var apply(Var pred, Var target);

    /** Mean squared error. */
    static Loss mse() { return Losses::mse; }

    /** Relative L2 error averaged over the batch (neuraloperator's {@code LpLoss(p=2)}). */
    static Loss relativeL2() { return Losses::relativeL2; }

    /** Relative Lp error averaged over the batch. */
    static Loss relativeLp(double p) {
        if (!(p >= 1) || Double.isInfinite(p)) throw new IllegalArgumentException("p must be finite and >= 1, got " + p);
        return (pred, target) -> Losses.relativeLp(pred, target, p);
    }

    /** Relative H1 error averaged over the batch, for fields {@code (B, C, X...)} with the given domain lengths (default 1). */
    static Loss relativeH1(double... lengths) {
        double[] l = lengths.clone();
        return (pred, target) -> Losses.relativeH1(pred, target, l);
    }
}
