package org.neuralop4j.validation.studies;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.ChannelLinear;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;

/**
 * A small U-Net (Ronneberger, Fischer &amp; Brox, arXiv:1505.04597) on 2-D fields {@code (batch, in, H, W) ->
 * (batch, out, H, W)}, the convolutional image-to-image network that learned reconstructions post-processing the
 * zero-filled image use (Jin et al., FBPConvNet, arXiv:1611.03679; the unstable networks of Antun et al.,
 * arXiv:1902.05300). Built only from existing, gradient-checked autodiff ops, so it needs no new kernels:
 * <pre>
 *   conv3x3(x)  = ChannelLinear_{9 C_in -> C_out}( concat_{di,dj in 0..2} crop_{di,dj}( pad_1(x) ) )   (im2col by views)
 *   block(x)    = relu(conv3x3(relu(conv3x3(x))))
 *   down(x)     = 2 x 2 average pooling                   (reshape (B,C,H/2,2,W/2,2), mean over the 2 x 2 axes)
 *   up(x)       = ChannelLinear_{C -> 4 C'} then depth-to-space, i.e. a transposed 2 x 2 convolution of stride 2
 *   level l:    e_l = block(down(e_{l-1})), e_0 = block(x);   d_L = e_L;
 *               d_l = block(concat(e_l, up(d_{l+1})));          output = ChannelLinear_{C -> out}(d_0)
 * </pre>
 * Level {@code l} has {@code base * 2^l} channels; zero padding keeps the size ("same" convolutions); {@code H} and
 * {@code W} must be divisible by {@code 2^levels}. Weights are initialised like PyTorch's default (uniform
 * {@code +-1/sqrt(fan_in)}) from a seed.
 */
public final class UNet2d extends Module implements Model {
    private final int in, levels;
    private final ChannelLinear[][] encoder, decoder; // [level][conv 0/1]
    private final ChannelLinear[] up;                  // up[l]: level l+1 -> level l
    private final ChannelLinear head;

    /**
     * @param in     input channels
     * @param out    output channels
     * @param base   channels of the finest level
     * @param levels number of 2 x 2 poolings (0: a plain stack of two 3 x 3 convolutions)
     * @param seed   initialisation seed
     */
    public UNet2d(int in, int out, int base, int levels, long seed) {
        this.in = Checks.positive("in", in);
        Checks.positive("out", out);
        Checks.positive("base", base);
        if (levels < 0) throw new IllegalArgumentException("levels must be >= 0, got " + levels);
        this.levels = levels;
        UniformRandomProvider rng = Init.rng(seed);
        encoder = new ChannelLinear[levels + 1][2];
        decoder = new ChannelLinear[levels][2];
        up = new ChannelLinear[levels];
        for (int l = 0; l <= levels; l++) {
            int c = base << l, cIn = l == 0 ? in : base << (l - 1);
            encoder[l][0] = registerModule("enc" + l + "a", new ChannelLinear(9 * cIn, c, true, rng));
            encoder[l][1] = registerModule("enc" + l + "b", new ChannelLinear(9 * c, c, true, rng));
        }
        for (int l = levels - 1; l >= 0; l--) {
            int c = base << l;
            up[l] = registerModule("up" + l, new ChannelLinear(2 * c, 4 * c, true, rng));
            decoder[l][0] = registerModule("dec" + l + "a", new ChannelLinear(9 * 2 * c, c, true, rng));
            decoder[l][1] = registerModule("dec" + l + "b", new ChannelLinear(9 * c, c, true, rng));
        }
        head = registerModule("head", new ChannelLinear(base, out, true, rng));
    }

    /**
     * @param x {@code (batch, in, H, W)}, {@code H} and {@code W} divisible by {@code 2^levels}
     * @return {@code (batch, out, H, W)}
     */
    @Override
    public Var forward(Var x) {
        int[] s = x.value().shape();
        int div = 1 << levels;
        if (s.length != 4 || s[1] != in || s[2] % div != 0 || s[3] % div != 0)
            throw new ShapeMismatchException("x", "(batch, " + in + ", H, W) with H, W divisible by " + div, s);
        Var[] skips = new Var[levels + 1];
        Var h = x;
        for (int l = 0; l <= levels; l++) {
            if (l > 0) h = averagePool2(h);
            h = block(h, encoder[l]);
            skips[l] = h;
        }
        for (int l = levels - 1; l >= 0; l--) h = block(ShapeOps.concat(1, skips[l], depthToSpace(up[l].forward(h))), decoder[l]);
        return head.forward(h);
    }

    private static Var block(Var x, ChannelLinear[] convs) {
        return Ops.relu(conv3x3(Ops.relu(conv3x3(x, convs[0])), convs[1]));
    }

    private static Var conv3x3(Var x, ChannelLinear mix) { return conv3x3(x, mix.weight().var(), mix.bias().var()); }

    /**
     * A 3 x 3 "same" convolution with zero padding: the nine shifted views of the padded field stacked as channels
     * (index {@code (3 di + dj) C_in + c}) and mixed by one channel-linear map, i.e. im2col followed by a GEMM.
     * @param x      {@code (B, C_in, H, W)}
     * @param weight {@code (C_out, 9 C_in)}: {@code weight[o][(3 di + dj) C_in + c]} multiplies {@code x[c][i + di - 1][j + dj - 1]}
     * @param bias   {@code (C_out)}, or {@code null}
     * @return {@code (B, C_out, H, W)}
     */
    public static Var conv3x3(Var x, Var weight, Var bias) {
        Var padded = ShapeOps.pad(x, new int[] {1, 1}, new int[] {1, 1});
        Var[] shifts = new Var[9];
        for (int di = 0; di < 3; di++)
            for (int dj = 0; dj < 3; dj++) shifts[3 * di + dj] = ShapeOps.crop(padded, new int[] {di, dj}, new int[] {2 - di, 2 - dj});
        return LinearOps.channelLinear(ShapeOps.concat(1, shifts), weight, bias);
    }

    /** 2 x 2 average pooling: {@code (B, C, H, W) -> (B, C, H/2, W/2)}. */
    static Var averagePool2(Var x) {
        int[] s = x.value().shape();
        return Ops.mean(ShapeOps.reshape(x, s[0], s[1], s[2] / 2, 2, s[3] / 2, 2), false, 3, 5);
    }

    /** {@code (B, 4C, H, W) -> (B, C, 2H, 2W)}: channel {@code 4c + 2a + b} goes to pixel {@code (2i + a, 2j + b)}. */
    static Var depthToSpace(Var x) {
        int[] s = x.value().shape();
        int c = s[1] / 4;
        Var r = ShapeOps.permute(ShapeOps.reshape(x, s[0], c, 2, 2, s[2], s[3]), 0, 1, 4, 2, 5, 3);
        return ShapeOps.reshape(r, s[0], c, 2 * s[2], 2 * s[3]);
    }
}
