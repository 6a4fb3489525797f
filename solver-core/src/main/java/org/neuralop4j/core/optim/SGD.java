package org.neuralop4j.core.optim;

import java.util.List;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.nn.Parameter;

/**
 * Stochastic gradient descent with optional momentum, dampening, L2 weight decay and Nesterov momentum, with
 * PyTorch's semantics:
 * <pre>
 *   d = g + weightDecay * p
 *   if momentum != 0:  buf = d (first step) else buf = momentum * buf + (1 - dampening) * d
 *                      d = nesterov ? d + momentum * buf : buf
 *   p = p - lr * d
 * </pre>
 * Nesterov momentum follows Sutskever et al., ICML 2013, in PyTorch's formulation.
 */
public final class SGD extends AbstractOptimizer {
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;
    private final double[][] buf;

    /** Plain SGD. */
    public SGD(List<Parameter> params, double lr) { this(params, lr, 0, 0, 0, false); }

    /** SGD with every option. Nesterov needs {@code momentum > 0} and {@code dampening = 0} (as in PyTorch). */
    public SGD(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr);
        this.momentum = Checks.nonNegative("momentum", momentum);
        this.dampening = Checks.nonNegative("dampening", dampening);
        this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new IllegalArgumentException("Nesterov momentum requires momentum > 0 and dampening = 0, got momentum=" + momentum + " dampening=" + dampening);
        this.nesterov = nesterov;
        this.buf = new double[this.params.size()][];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Parameter prm = params.get(i);
            if (prm.grad() == null) continue;
            double[] p = prm.value().data(), g = prm.grad().data();
            steps[i]++;
            if (momentum == 0) {
                for (int j = 0; j < p.length; j++) p[j] -= lr * (g[j] + weightDecay * p[j]);
                continue;
            }
            boolean first = buf[i] == null;
            if (first) buf[i] = new double[p.length];
            double[] b = buf[i];
            for (int j = 0; j < p.length; j++) {
                double d = g[j] + weightDecay * p[j];
                b[j] = first ? d : momentum * b[j] + (1 - dampening) * d;
                p[j] -= lr * (nesterov ? d + momentum * b[j] : b[j]);
            }
        }
    }

    @Override
    String[] bufferNames() { return new String[] {"momentum_buffer"}; }

    @Override
    double[] buffer(int b, int i) { return buf[i]; }

    @Override
    void setBuffer(int b, int i, double[] data) { buf[i] = data; }

    @Override
    boolean bufferRequiredAfterStep(int b) { return momentum != 0; }
}
