package org.neuralop4j.core.autodiff;

import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * Training losses as fused differentiable ops with hand-written gradients for both arguments.
 * {@code pred} and {@code target} have the same shape with the sample axis first, {@code (B, ...)}; each loss
 * returns a rank-0 Var.
 *
 * <p>The relative losses follow the {@code neuraloperator} library ({@code LpLoss}, {@code H1Loss} with
 * {@code reduction='mean'}), as used in Li et al., "Fourier Neural Operator for Parametric PDEs",
 * arXiv:2010.08895. A sample with zero error contributes a zero (sub)gradient.
 */
public final class Losses {
    private Losses() {}

    /** Mean squared error {@code (1/N) sum (pred - target)^2} over all {@code N} elements (PyTorch's {@code MSELoss}). */
    public static Var mse(Var pred, Var target) {
        Tensor p = pred.value(), t = target.value();
        p.requireSameShape("target", t);
        double[] pd = p.data(), td = t.data();
        int n = pd.length;
        if (n == 0) throw new ShapeMismatchException("pred", "at least one element", p.shape());
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = pd[i] - td[i];
            s += e * e;
        }
        return Var.op(Tensor.scalar(s / n), g -> {
            double c = 2.0 * g.data()[0] / n;
            if (pred.requiresGrad()) {
                double[] gp = new double[n];
                for (int i = 0; i < n; i++) gp[i] = c * (pd[i] - td[i]);
                pred.accumulateOwned(Tensor.wrap(gp, p.shape()));
            }
            if (target.requiresGrad()) {
                double[] gt = new double[n];
                for (int i = 0; i < n; i++) gt[i] = c * (td[i] - pd[i]);
                target.accumulateOwned(Tensor.wrap(gt, t.shape()));
            }
        }, pred, target);
    }

    /** Relative L2 loss; see {@link #relativeLp(Var, Var, double)}. */
    public static Var relativeL2(Var pred, Var target) { return relativeLp(pred, target, 2.0); }

    /**
     * Relative Lp loss averaged over the batch: {@code (1/B) sum_b ||pred_b - target_b||_p / ||target_b||_p}, the
     * norms taken over all of a sample's entries (channels and grid points). Any quadrature weight would cancel in
     * the ratio. Requires {@code p >= 1}.
     */
    public static Var relativeLp(Var pred, Var target, double p) {
        if (!(p >= 1) || Double.isInfinite(p)) throw new IllegalArgumentException("p must be finite and >= 1, got " + p);
        Tensor pv = pred.value(), tv = target.value();
        pv.requireSameShape("target", tv);
        if (pv.rank() < 1 || pv.dim(0) == 0) throw new ShapeMismatchException("pred", "(B, ...) with B >= 1", pv.shape());
        int batch = pv.dim(0), m = pv.size() / batch;
        double[] pd = pv.data(), td = tv.data();
        double[] diffNorm = new double[batch], targetNorm = new double[batch];
        double total = 0;
        for (int b = 0; b < batch; b++) {
            int o = b * m;
            double se = 0, st = 0;
            if (p == 2.0) {
                for (int i = 0; i < m; i++) {
                    double e = pd[o + i] - td[o + i];
                    se += e * e;
                    st += td[o + i] * td[o + i];
                }
                diffNorm[b] = Math.sqrt(se);
                targetNorm[b] = Math.sqrt(st);
            } else {
                for (int i = 0; i < m; i++) {
                    se += Math.pow(Math.abs(pd[o + i] - td[o + i]), p);
                    st += Math.pow(Math.abs(td[o + i]), p);
                }
                diffNorm[b] = Math.pow(se, 1.0 / p);
                targetNorm[b] = Math.pow(st, 1.0 / p);
            }
            total += diffNorm[b] / targetNorm[b];
        }
        return Var.op(Tensor.scalar(total / batch), g -> {
            double c = g.data()[0] / batch;
            double[] gp = pred.requiresGrad() ? new double[pd.length] : null;
            double[] gt = target.requiresGrad() ? new double[td.length] : null;
            for (int b = 0; b < batch; b++) {
                int o = b * m;
                double d = diffNorm[b], nt = targetNorm[b];
                // d||e||_p/de_i = |e_i|^(p-1) sign(e_i) / ||e||_p^(p-1)
                double ce = d > 0 ? c / (nt * Math.pow(d, p - 1)) : 0.0;
                // d(1/||t||_p)/dt_i = -|t_i|^(p-1) sign(t_i) / ||t||_p^(p+1)
                double ct = c * d / Math.pow(nt, p + 1);
                for (int i = 0; i < m; i++) {
                    double e = pd[o + i] - td[o + i];
                    double de = p == 2.0 ? e : Math.signum(e) * Math.pow(Math.abs(e), p - 1);
                    if (gp != null) gp[o + i] = ce * de;
                    if (gt != null) {
                        double t = td[o + i];
                        double dt = p == 2.0 ? t : Math.signum(t) * Math.pow(Math.abs(t), p - 1);
                        gt[o + i] = -ce * de - ct * dt;
                    }
                }
            }
            if (gp != null) pred.accumulateOwned(Tensor.wrap(gp, pv.shape()));
            if (gt != null) target.accumulateOwned(Tensor.wrap(gt, tv.shape()));
        }, pred, target);
    }

    /** Relative H1 loss on the unit domain {@code [0,1)^d}; see {@link #relativeH1(Var, Var, double...)}. */
    public static Var relativeH1(Var pred, Var target) { return relativeH1(pred, target, new double[0]); }

    /**
     * Relative H1 loss for fields {@code (B, C, X1, ..., Xd)} on a periodic grid:
     * <pre>
     *   L = (1/B) sum_b sqrt( ||e_b||^2 + sum_k ||D_k e_b||^2 ) / sqrt( ||v_b||^2 + sum_k ||D_k v_b||^2 ),
     *   e = u - v,   (D_k w)[.., i, ..] = (w[.., i+1, ..] - w[.., i-1, ..]) / (2 h_k)  (indices mod n_k),
     * </pre>
     * {@code u = pred}, {@code v = target}, squared norms summed over channels and grid points, {@code k} over the
     * {@code d} spatial axes (axes 2..), {@code h_k = L_k / n_k}. The quadrature weight {@code prod h_k} is common to
     * numerator and denominator and cancels. This matches neuraloperator's {@code H1Loss} (periodic central
     * differences, {@code reduction='mean'}).
     *
     * <p>Backward uses {@code D_k^T = -D_k} (the periodic central difference is antisymmetric):
     * {@code d||D_k w||^2 / dw = -2 D_k D_k w}.
     *
     * @param lengths domain length {@code L_k} per spatial axis; empty means 1 for every axis
     */
    public static Var relativeH1(Var pred, Var target, double... lengths) {
        Tensor uv = pred.value(), vv = target.value();
        uv.requireSameShape("target", vv);
        int rank = uv.rank();
        if (rank < 3) throw new ShapeMismatchException("pred", "(B, C, X1[, X2[, X3]])", uv.shape());
        int d = rank - 2;
        if (lengths.length != 0 && lengths.length != d)
            throw new IllegalArgumentException("lengths must have one entry per spatial axis (" + d + "), got " + lengths.length);
        int[] shape = uv.shape();
        double[] invTwoH = new double[d];
        for (int k = 0; k < d; k++) {
            double len = lengths.length == 0 ? 1.0 : lengths[k];
            if (!(len > 0) || Double.isInfinite(len)) throw new IllegalArgumentException("lengths[" + k + "] must be positive, got " + len);
            invTwoH[k] = shape[2 + k] / (2.0 * len);
        }
        int batch = shape[0], m = uv.size() / Math.max(1, batch);
        if (batch == 0) throw new ShapeMismatchException("pred", "(B, ...) with B >= 1", shape);
        double[] ud = uv.data(), vd = vv.data();
        double[] e = new double[ud.length];
        for (int i = 0; i < e.length; i++) e[i] = ud[i] - vd[i];
        double[] num = h1SquaredNorms(e, shape, invTwoH), den = h1SquaredNorms(vd, shape, invTwoH);
        double total = 0;
        for (int b = 0; b < batch; b++) total += Math.sqrt(num[b]) / Math.sqrt(den[b]);
        return Var.op(Tensor.scalar(total / batch), g -> {
            double c = g.data()[0] / batch;
            // (I - sum_k D_k D_k) w is half the gradient of ||w||^2 + sum_k ||D_k w||^2
            double[] ge = h1NormalOperator(e, shape, invTwoH);
            double[] gvNorm = target.requiresGrad() ? h1NormalOperator(vd, shape, invTwoH) : null;
            double[] gp = pred.requiresGrad() ? new double[ud.length] : null;
            double[] gt = target.requiresGrad() ? new double[vd.length] : null;
            for (int b = 0; b < batch; b++) {
                double sn = Math.sqrt(num[b]), sd = Math.sqrt(den[b]);
                double ce = sn > 0 ? c / (sn * sd) : 0.0;
                double cv = c * sn / (sd * den[b]);
                int o = b * m;
                for (int i = 0; i < m; i++) {
                    double de = ce * ge[o + i];
                    if (gp != null) gp[o + i] = de;
                    if (gt != null) gt[o + i] = -de - cv * gvNorm[o + i];
                }
            }
            if (gp != null) pred.accumulateOwned(Tensor.wrap(gp, uv.shape()));
            if (gt != null) target.accumulateOwned(Tensor.wrap(gt, vv.shape()));
        }, pred, target);
    }

    /** Per sample {@code ||w||^2 + sum_k ||D_k w||^2}. */
    private static double[] h1SquaredNorms(double[] w, int[] shape, double[] invTwoH) {
        int batch = shape[0], m = w.length / batch;
        double[] out = new double[batch];
        double[] dk = new double[w.length];
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += w[b * m + i] * w[b * m + i];
            out[b] = s;
        }
        for (int k = 0; k < invTwoH.length; k++) {
            centralDiff(w, dk, shape, 2 + k, invTwoH[k]);
            for (int b = 0; b < batch; b++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += dk[b * m + i] * dk[b * m + i];
                out[b] += s;
            }
        }
        return out;
    }

    /** {@code w - sum_k D_k (D_k w)}. */
    private static double[] h1NormalOperator(double[] w, int[] shape, double[] invTwoH) {
        double[] out = w.clone();
        double[] dk = new double[w.length], dkk = new double[w.length];
        for (int k = 0; k < invTwoH.length; k++) {
            centralDiff(w, dk, shape, 2 + k, invTwoH[k]);
            centralDiff(dk, dkk, shape, 2 + k, invTwoH[k]);
            for (int i = 0; i < out.length; i++) out[i] -= dkk[i];
        }
        return out;
    }

    /** Periodic central difference along {@code axis}: {@code dst[i] = (src[i+1] - src[i-1]) * invTwoH}. */
    static void centralDiff(double[] src, double[] dst, int[] shape, int axis, double invTwoH) {
        int n = shape[axis];
        int inner = 1;
        for (int a = axis + 1; a < shape.length; a++) inner *= shape[a];
        int outer = src.length / (n * inner);
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int i = 0; i < n; i++) {
                int next = base + ((i + 1) % n) * inner, prev = base + ((i - 1 + n) % n) * inner, cur = base + i * inner;
                for (int j = 0; j < inner; j++) dst[cur + j] = (src[next + j] - src[prev + j]) * invTwoH;
            }
        }
    }
}
