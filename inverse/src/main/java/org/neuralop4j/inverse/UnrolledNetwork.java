package org.neuralop4j.inverse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link Firenet} written out as a feed-forward network: a list of layers, each an affine map of the previous
 * layer's output and the network input {@code y} followed by a fixed nonlinearity, with no trained parameter.
 *
 * <p><b>State.</b> Between layers the state is {@code h = (x, v, S, c)} in {@code C^N x C^m x C^N x C^m}: primal
 * iterate, dual iterate, running sum of primal iterates, and {@code c = B x} carried so that each step applies
 * {@code B} and {@code B^H} once. Width {@code 2(N + m)} complex entries. Each of the {@code p} steps of each of the
 * {@code n} restarts is three layers:
 * <ol>
 *   <li>primal: {@code x <- x - tau B^H v}, then soft-thresholding {@code soft_{tau lambda w}} on the {@code x} block
 *       (in the first step of restart {@code k}: {@code x <- a_k S / (p a_{k-1})}, {@code v, S <- 0},
 *       {@code c <- B x}: the restart's rescaling is an affine map of the previous state);</li>
 *   <li>dual: {@code c' = B x}, {@code v <- v + sigma (2 c' - c) - sigma a_k y}, {@code c <- c'}, then projection onto
 *       the unit l2 ball on the {@code v} block;</li>
 *   <li>averaging: {@code S <- S + x} (identity nonlinearity).</li>
 * </ol>
 * A final affine layer outputs {@code W^{-1} S / (p a_n)}. So the depth is {@code 3 p n + 1} and the width
 * {@code 2(N + m)}. The affine maps are applied with the fast transforms inside {@code B}, never as matrices.
 *
 * <p>{@link #evaluate} gives the same numbers as {@link Firenet#reconstruct} (the same operations in the same
 * order). {@link #vjp} back-propagates through the layers with the activation patterns recorded in a forward pass
 * (the Jacobians of soft-thresholding and of the ball projection are symmetric, and the transpose of a complex-linear
 * map on interleaved arrays is its adjoint).
 */
public final class UnrolledNetwork {
    /** The fixed nonlinearities. */
    public enum NonlinearityKind {
        /** No nonlinearity. */
        IDENTITY,
        /** Weighted complex soft-thresholding {@code max(0, 1 - t w_k/|u_k|) u_k} on one block. */
        SOFT_THRESHOLD,
        /** Projection onto the unit l2 ball, {@code v / max(1, ||v||)}, on one block. */
        BALL_PROJECTION
    }

    /** One layer: an affine map {@code h' = L h + U y + b} and a nonlinearity acting on one block of {@code h'}. */
    public abstract static class Layer {
        private final String name;
        private final int inputWidth, outputWidth;
        private final NonlinearityKind nonlinearity;
        private final int blockOffset, blockLength;

        Layer(String name, int inputWidth, int outputWidth, NonlinearityKind nonlinearity, int blockOffset, int blockLength) {
            this.name = name;
            this.inputWidth = inputWidth;
            this.outputWidth = outputWidth;
            this.nonlinearity = nonlinearity;
            this.blockOffset = blockOffset;
            this.blockLength = blockLength;
        }

        /** @return e.g. {@code "restart 3 step 7 primal"} */
        public String name() { return name; }

        /** @return input width in complex entries */
        public int inputWidth() { return inputWidth; }

        /** @return output width in complex entries */
        public int outputWidth() { return outputWidth; }

        /** @return the nonlinearity after the affine map */
        public NonlinearityKind nonlinearity() { return nonlinearity; }

        /** @return the complex offset of the block the nonlinearity acts on */
        public int blockOffset() { return blockOffset; }

        /** @return the complex length of that block */
        public int blockLength() { return blockLength; }

        /** {@code out = L in + U y + b} (interleaved complex). */
        public abstract void affine(double[] in, double[] y, double[] out);

        /** {@code gIn = L^T gOut}, {@code gy += U^T gOut}. */
        abstract void affineTranspose(double[] gOut, double[] gIn, double[] gy);

        @Override
        public String toString() { return name + " [" + inputWidth + " -> " + outputWidth + ", " + nonlinearity + "]"; }
    }

    private final Firenet net;
    private final LinearOperator b, w;
    private final int n, m, width;
    private final int offX, offV, offS, offC;
    private final double tau, sigma, lambda;
    private final double[] weights;
    private final double[] tmpN, tmpN2, tmpM, tmpM2;
    private final List<Layer> layers;

    UnrolledNetwork(Firenet net) {
        this.net = net;
        b = net.coefficientOperator();
        w = net.sparsifier();
        n = net.coefficientSize();
        m = net.measurementSize();
        width = 2 * n + 2 * m;
        offX = 0;
        offV = n;
        offS = n + m;
        offC = 2 * n + m;
        tau = net.tau();
        sigma = net.sigma();
        lambda = net.problem().lambda();
        weights = net.problem().weights();
        tmpN = new double[2 * n];
        tmpN2 = new double[2 * n];
        tmpM = new double[2 * m];
        tmpM2 = new double[2 * m];
        List<Layer> ls = new ArrayList<>();
        int p = net.innerIterations();
        for (int k = 1; k <= net.restarts(); k++) {
            for (int j = 0; j < p; j++) {
                ls.add(j == 0 ? new RestartPrimal(k) : new Primal(k, j));
                ls.add(new Dual(k, j));
                ls.add(new Accumulate(k, j));
            }
        }
        ls.add(new Output());
        layers = Collections.unmodifiableList(ls);
    }

    /** @return the layers in order */
    public List<Layer> layers() { return layers; }

    /** @return the number of affine layers, {@code 3 p n + 1} */
    public int depth() { return layers.size(); }

    /** @return the largest layer width in complex entries, {@code 2(N + m)} */
    public int width() {
        int wd = 0;
        for (Layer l : layers) wd = Math.max(wd, Math.max(l.inputWidth(), l.outputWidth()));
        return wd;
    }

    /** @return the thresholds {@code tau lambda w_k} of the soft-thresholding layers (copy) */
    public double[] thresholds() {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = tau * lambda * weights[i];
        return t;
    }

    /** Evaluates the network layer by layer: the reconstructed image ({@code N} complex entries) for data {@code y}. */
    public double[] evaluate(double[] y) { return forward(y, null); }

    /**
     * Vector-Jacobian product {@code J(y)^T g} of {@code y -> evaluate(y)} (real-linear structure of the interleaved
     * arrays), by one recorded forward pass and one backward pass through the layers.
     */
    public double[] vjp(double[] y, double[] cotangent) {
        ComplexArrays.checkComplexLength("cotangent", cotangent, n);
        List<double[]> tape = new ArrayList<>(layers.size());
        forward(y, tape);
        double[] g = cotangent.clone();
        double[] gy = new double[2 * m];
        for (int li = layers.size() - 1; li >= 0; li--) {
            Layer l = layers.get(li);
            nonlinearityTranspose(l, tape.get(li), g);
            double[] gIn = new double[2 * l.inputWidth()];
            l.affineTranspose(g, gIn, gy);
            g = gIn;
        }
        return gy;
    }

    private double[] forward(double[] y, List<double[]> tape) {
        ComplexArrays.checkComplexLength("y", y, m);
        double[] h = new double[2 * width], next = new double[2 * width];
        double[] out = null;
        for (Layer l : layers) {
            double[] dst = l.outputWidth() == width ? next : new double[2 * l.outputWidth()];
            l.affine(h, y, dst);
            if (tape != null) tape.add(l.nonlinearity() == NonlinearityKind.IDENTITY ? null
                    : java.util.Arrays.copyOfRange(dst, 2 * l.blockOffset(), 2 * (l.blockOffset() + l.blockLength())));
            applyNonlinearity(l, dst);
            if (dst == next) {
                next = h;
                h = dst;
            } else out = dst;
        }
        return out;
    }

    private void applyNonlinearity(Layer l, double[] h) {
        switch (l.nonlinearity()) {
            case SOFT_THRESHOLD:
                // the block is the x block at offset 0, so thresholds line up with the coefficient index
                Prox.softThreshold(h, tau * lambda, weights, h, l.blockOffset(), l.blockLength());
                break;
            case BALL_PROJECTION:
                Prox.projectBall(h, 1.0, l.blockOffset(), l.blockLength());
                break;
            default:
                break;
        }
    }

    /** {@code g <- J^T g} on the layer's block, with {@code pre} the recorded pre-activation of that block. */
    private void nonlinearityTranspose(Layer l, double[] pre, double[] g) {
        int off = 2 * l.blockOffset();
        switch (l.nonlinearity()) {
            case SOFT_THRESHOLD:
                for (int k = 0; k < l.blockLength(); k++) {
                    double ur = pre[2 * k], ui = pre[2 * k + 1];
                    double mag = Math.sqrt(ur * ur + ui * ui), t = tau * lambda * weights[k];
                    int a = off + 2 * k;
                    if (mag <= t) {
                        g[a] = 0;
                        g[a + 1] = 0;
                    } else {
                        // d/du [(1 - t/|u|) u] = (1 - t/|u|) I + t u u^T / |u|^3 (symmetric)
                        double s = 1 - t / mag, proj = t * (ur * g[a] + ui * g[a + 1]) / (mag * mag * mag);
                        double gr = s * g[a] + proj * ur, gi = s * g[a + 1] + proj * ui;
                        g[a] = gr;
                        g[a + 1] = gi;
                    }
                }
                break;
            case BALL_PROJECTION: {
                double nv = ComplexArrays.norm(pre);
                if (nv > 1) {
                    // d/dv [v / |v|] = I/|v| - v v^T / |v|^3 (symmetric)
                    double dot = 0;
                    for (int i = 0; i < pre.length; i++) dot += pre[i] * g[off + i];
                    double c = dot / (nv * nv * nv);
                    for (int i = 0; i < pre.length; i++) g[off + i] = g[off + i] / nv - c * pre[i];
                }
                break;
            }
            default:
                break;
        }
    }

    // ------------------------------------------------------------------ block helpers

    private void copyBlock(double[] src, int srcOff, double[] dst, int dstOff, int len) {
        System.arraycopy(src, 2 * srcOff, dst, 2 * dstOff, 2 * len);
    }

    private void zeroBlock(double[] dst, int off, int len) {
        java.util.Arrays.fill(dst, 2 * off, 2 * (off + len), 0);
    }

    /** dst[dstOff..] = B src[srcOff..] */
    private void applyB(double[] src, int srcOff, double[] dst, int dstOff) {
        System.arraycopy(src, 2 * srcOff, tmpN, 0, 2 * n);
        b.apply(tmpN, tmpM);
        System.arraycopy(tmpM, 0, dst, 2 * dstOff, 2 * m);
    }

    /** tmpN = B^H src[srcOff..] */
    private double[] adjointB(double[] src, int srcOff) {
        System.arraycopy(src, 2 * srcOff, tmpM2, 0, 2 * m);
        b.adjoint(tmpM2, tmpN2);
        return tmpN2;
    }

    // ------------------------------------------------------------------ layers

    /** First step of restart k: rescaled start from the previous sum, then soft-thresholding. */
    private final class RestartPrimal extends Layer {
        private final double pScalePrev, al;

        RestartPrimal(int k) {
            super("restart " + k + " step 1 primal (rescaled start)", width, width, NonlinearityKind.SOFT_THRESHOLD, 0, n);
            pScalePrev = net.innerIterations() * net.scale(k - 1);
            al = net.scale(k);
        }

        @Override
        public void affine(double[] in, double[] y, double[] out) {
            for (int i = 0; i < 2 * n; i++) out[2 * offX + i] = al * (in[2 * offS + i] / pScalePrev);
            zeroBlock(out, offV, m);
            zeroBlock(out, offS, n);
            applyB(out, offX, out, offC);
        }

        @Override
        void affineTranspose(double[] g, double[] gIn, double[] gy) {
            double r = al / pScalePrev;
            double[] bhc = adjointB(g, offC);
            for (int i = 0; i < 2 * n; i++) gIn[2 * offS + i] = r * (g[2 * offX + i] + bhc[i]);
        }
    }

    /** x <- x - tau B^H v, then soft-thresholding. */
    private final class Primal extends Layer {
        Primal(int k, int j) {
            super("restart " + k + " step " + (j + 1) + " primal", width, width, NonlinearityKind.SOFT_THRESHOLD, 0, n);
        }

        @Override
        public void affine(double[] in, double[] y, double[] out) {
            double[] bhv = adjointB(in, offV);
            for (int i = 0; i < 2 * n; i++) out[2 * offX + i] = in[2 * offX + i] - tau * bhv[i];
            copyBlock(in, offV, out, offV, m);
            copyBlock(in, offS, out, offS, n);
            copyBlock(in, offC, out, offC, m);
        }

        @Override
        void affineTranspose(double[] g, double[] gIn, double[] gy) {
            copyBlock(g, offX, gIn, offX, n);
            applyB(g, offX, tmpM, 0);
            for (int i = 0; i < 2 * m; i++) gIn[2 * offV + i] = g[2 * offV + i] - tau * tmpM[i];
            copyBlock(g, offS, gIn, offS, n);
            copyBlock(g, offC, gIn, offC, m);
        }
    }

    /** c' = B x, v <- v + sigma (2 c' - c) - sigma a_k y, c <- c', then the ball projection on v. */
    private final class Dual extends Layer {
        private final double al;

        Dual(int k, int j) {
            super("restart " + k + " step " + (j + 1) + " dual", width, width, NonlinearityKind.BALL_PROJECTION, n, m);
            al = net.scale(k);
        }

        @Override
        public void affine(double[] in, double[] y, double[] out) {
            copyBlock(in, offX, out, offX, n);
            applyB(in, offX, out, offC);
            double sy = sigma * al;
            for (int i = 0; i < 2 * m; i++)
                out[2 * offV + i] = in[2 * offV + i] + sigma * (2 * out[2 * offC + i] - in[2 * offC + i]) - sy * y[i];
            copyBlock(in, offS, out, offS, n);
        }

        @Override
        void affineTranspose(double[] g, double[] gIn, double[] gy) {
            double[] t = new double[2 * m];
            for (int i = 0; i < 2 * m; i++) t[i] = g[2 * offC + i] + 2 * sigma * g[2 * offV + i];
            System.arraycopy(t, 0, tmpM2, 0, 2 * m);
            b.adjoint(tmpM2, tmpN2);
            for (int i = 0; i < 2 * n; i++) gIn[2 * offX + i] = g[2 * offX + i] + tmpN2[i];
            copyBlock(g, offV, gIn, offV, m);
            for (int i = 0; i < 2 * m; i++) gIn[2 * offC + i] = -sigma * g[2 * offV + i];
            copyBlock(g, offS, gIn, offS, n);
            double sy = sigma * al;
            for (int i = 0; i < 2 * m; i++) gy[i] -= sy * g[2 * offV + i];
        }
    }

    /** S <- S + x. */
    private final class Accumulate extends Layer {
        Accumulate(int k, int j) {
            super("restart " + k + " step " + (j + 1) + " average", width, width, NonlinearityKind.IDENTITY, 0, 0);
        }

        @Override
        public void affine(double[] in, double[] y, double[] out) {
            System.arraycopy(in, 0, out, 0, in.length);
            for (int i = 0; i < 2 * n; i++) out[2 * offS + i] = in[2 * offS + i] + in[2 * offX + i];
        }

        @Override
        void affineTranspose(double[] g, double[] gIn, double[] gy) {
            System.arraycopy(g, 0, gIn, 0, g.length);
            for (int i = 0; i < 2 * n; i++) gIn[2 * offX + i] = g[2 * offX + i] + g[2 * offS + i];
        }
    }

    /** x = W^{-1} S / (p a_n). */
    private final class Output extends Layer {
        private final double d;

        Output() {
            super("output: W^-1 S / (p a_n)", width, n, NonlinearityKind.IDENTITY, 0, 0);
            d = net.innerIterations() * net.scale(net.restarts());
        }

        @Override
        public void affine(double[] in, double[] y, double[] out) {
            for (int i = 0; i < 2 * n; i++) tmpN[i] = in[2 * offS + i] / d;
            w.adjoint(tmpN, out);
        }

        @Override
        void affineTranspose(double[] g, double[] gIn, double[] gy) {
            w.apply(g, tmpN);
            for (int i = 0; i < 2 * n; i++) gIn[2 * offS + i] = tmpN[i] / d;
        }
    }
}
