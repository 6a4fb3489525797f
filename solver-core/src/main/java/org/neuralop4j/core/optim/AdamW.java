package org.neuralop4j.core.optim;

import java.util.List;
import org.neuralop4j.core.nn.Parameter;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov and Hutter, arXiv:1711.05101), PyTorch's semantics and
 * defaults ({@code weight_decay=0.01}): before each Adam update, {@code p = p (1 - lr * weightDecay)}, and the
 * gradient itself is not modified.
 */
public final class AdamW extends Adam {
    /** AdamW with PyTorch's defaults ({@code betas=(0.9, 0.999)}, {@code eps=1e-8}, {@code weight_decay=0.01}). */
    public AdamW(List<Parameter> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0.01); }

    /** AdamW with every hyper-parameter given. */
    public AdamW(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    void decoupledDecay(double[] p) {
        double f = 1.0 - lr * weightDecay;
        if (f != 1.0) for (int j = 0; j < p.length; j++) p[j] *= f;
    }

    @Override
    double l2() { return 0.0; }
}
