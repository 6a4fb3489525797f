package org.neuralop4j.core.optim;

import java.util.List;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.nn.Parameter;

/**
 * Adam (Kingma and Ba, arXiv:1412.6980) with PyTorch's semantics and defaults ({@code lr=1e-3},
 * {@code betas=(0.9, 0.999)}, {@code eps=1e-8}, {@code weight_decay=0}). For each parameter with gradient
 * {@code g}, at its step {@code t = 1, 2, ...}:
 * <pre>
 *   g  = g + weightDecay * p                  (L2 penalty added to the gradient; {@link AdamW} decouples it)
 *   m  = m + (1 - beta1) (g - m)              v = beta2 v + (1 - beta2) g^2
 *   p  = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The update is in place and allocates nothing after the first step (which allocates the moment buffers).
 */
public class Adam extends AbstractOptimizer {
    final double beta1, beta2, eps, weightDecay;
    final double[][] m, v;

    /** Adam with PyTorch's defaults and the given learning rate. */
    public Adam(List<Parameter> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0.0); }

    /** Adam with every hyper-parameter given. */
    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr);
        this.beta1 = Checks.inRange("beta1", beta1, 0.0, 1.0 - Math.ulp(1.0));
        this.beta2 = Checks.inRange("beta2", beta2, 0.0, 1.0 - Math.ulp(1.0));
        this.eps = Checks.nonNegative("eps", eps);
        this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
        this.m = new double[this.params.size()][];
        this.v = new double[this.params.size()][];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Parameter prm = params.get(i);
            if (prm.grad() == null) continue;
            double[] p = prm.value().data(), g = prm.grad().data();
            if (m[i] == null) {
                m[i] = new double[p.length];
                v[i] = new double[p.length];
            }
            long t = ++steps[i];
            decoupledDecay(p);
            update(p, g, m[i], v[i], t);
        }
    }

    /** Hook for {@link AdamW}: decay applied to the parameter before the Adam update. */
    void decoupledDecay(double[] p) {}

    /** L2 coefficient added to the gradient (0 for AdamW). */
    double l2() { return weightDecay; }

    private void update(double[] p, double[] g, double[] mi, double[] vi, long t) {
        double bc1 = 1.0 - Math.pow(beta1, t), bc2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, t));
        double stepSize = lr / bc1, wd = l2(), oneMinusB1 = 1.0 - beta1, oneMinusB2 = 1.0 - beta2;
        for (int j = 0; j < p.length; j++) {
            double gj = wd != 0 ? g[j] + wd * p[j] : g[j];
            mi[j] += oneMinusB1 * (gj - mi[j]);
            vi[j] = beta2 * vi[j] + oneMinusB2 * gj * gj;
            p[j] -= stepSize * mi[j] / (Math.sqrt(vi[j]) / bc2Sqrt + eps);
        }
    }

    @Override
    String[] bufferNames() { return new String[] {"exp_avg", "exp_avg_sq"}; }

    @Override
    double[] buffer(int b, int i) { return b == 0 ? m[i] : v[i]; }

    @Override
    void setBuffer(int b, int i, double[] data) {
        if (b == 0) m[i] = data;
        else v[i] = data;
    }
}
