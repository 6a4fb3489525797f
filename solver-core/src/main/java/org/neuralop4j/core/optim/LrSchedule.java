package org.neuralop4j.core.optim;

import org.neuralop4j.core.Checks;

/**
 * A learning-rate schedule as a pure function of the epoch index, so a resumed run recomputes it from the epoch
 * alone. The trainer sets {@code optimizer.setLearningRate(schedule.lr(baseLr, epoch))} at the start of every
 * epoch ({@code epoch = 0, 1, ...}), which equals PyTorch's schedulers stepped once per epoch.
 */
@FunctionalInterface
public interface LrSchedule {
    /** @return the learning rate for {@code epoch} (0-based) given the initial rate {@code baseLr} */
    double lr(double baseLr, int epoch);

    /** The base rate for every epoch. */
    static LrSchedule constant() { return (base, epoch) -> base; }

    /** PyTorch's {@code StepLR}: {@code baseLr * gamma^floor(epoch / stepSize)}. */
    static LrSchedule step(int stepSize, double gamma) {
        Checks.positive("stepSize", stepSize);
        Checks.positive("gamma", gamma);
        return (base, epoch) -> base * Math.pow(gamma, epoch / stepSize);
    }

    /**
     * PyTorch's {@code CosineAnnealingLR} (closed form, Loshchilov and Hutter, arXiv:1608.03983, without restarts):
     * {@code etaMin + (baseLr - etaMin) (1 + cos(pi epoch / tMax)) / 2}; reaches {@code etaMin} at {@code epoch = tMax}
     * and stays there afterwards.
     */
    static LrSchedule cosine(int tMax, double etaMin) {
        Checks.positive("tMax", tMax);
        Checks.nonNegative("etaMin", etaMin);
        return (base, epoch) -> {
            int e = Math.min(epoch, tMax);
            return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2;
        };
    }
}
