package org.neuralop4j.inverse;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Which coefficients of a 1-D or 2-D transform are measured: a boolean array of shape {@code dims} (row-major)
 * plus the sorted list of sampled flat indices (the order of the measurement vector).
 *
 * <p><b>Index layout.</b> The layout is that of the transform the mask is meant for ({@link Spectrum}):
 * {@link Spectrum#FOURIER} masks are <em>centred</em> like NumPy's {@code fftshift}, so index {@code i} of an axis
 * of length {@code n} is frequency {@code i - n/2}, and the DC term sits at {@code (n1/2, n2/2)};
 * {@link Spectrum#WALSH} masks are in sequency order (index {@code i} has {@code i} sign changes).
 *
 * <p>Generators are seeded (same seed, same mask) and sample an exact number {@code round(rate * N)} of entries.
 */
public final class SamplingMask {
    /** The transform a mask is for; it fixes how an index maps to a (normalised) frequency radius. */
    public enum Spectrum {
        /** Centred Fourier frequencies; radius {@code sqrt(sum_d ((i_d - n_d/2) / (n_d/2))^2)}. */
        FOURIER,
        /** Sequency-ordered Walsh functions; radius {@code sqrt(sum_d (i_d / n_d)^2)}. */
        WALSH
    }

    private final int[] dims;
    private final boolean[] sampled;
    private final int[] indices;

    /**
     * @param dims    1 or 2 positive lengths
     * @param sampled row-major flags of length {@code prod(dims)} (copied)
     */
    public SamplingMask(int[] dims, boolean[] sampled) {
        checkDims(dims);
        if (sampled.length != size(dims))
            throw new IllegalArgumentException("mask has " + sampled.length + " entries, dims " + Arrays.toString(dims) + " need " + size(dims));
        this.dims = dims.clone();
        this.sampled = sampled.clone();
        int m = 0;
        for (boolean b : sampled) if (b) m++;
        if (m == 0) throw new IllegalArgumentException("mask samples nothing");
        indices = new int[m];
        for (int i = 0, j = 0; i < sampled.length; i++) if (sampled[i]) indices[j++] = i;
    }

    /** @return the transform dimensions (copy) */
    public int[] dims() { return dims.clone(); }

    /** @return {@code prod(dims)} */
    public int size() { return sampled.length; }

    /** @return the number of samples {@code m} */
    public int count() { return indices.length; }

    /** @return {@code m / N} */
    public double rate() { return (double) indices.length / sampled.length; }

    /** @return whether flat index {@code i} is sampled */
    public boolean isSampled(int i) { return sampled[i]; }

    /** @return the row-major flags (copy) */
    public boolean[] flags() { return sampled.clone(); }

    /** @return the sampled flat indices in increasing order (copy); measurement {@code j} is coefficient {@code indices[j]} */
    public int[] indices() { return indices.clone(); }

    int[] indicesView() { return indices; }

    // ------------------------------------------------------------------ files

    /**
     * Reads a mask from a {@code .npy} file: a 1-D or 2-D array of any numeric or bool dtype, non-zero meaning
     * sampled, in the layout of the transform it is for (see the class documentation).
     * @throws org.neuralop4j.core.FormatException (from the reader) for a corrupt file
     * @throws IllegalArgumentException when the array is not 1-D or 2-D, or samples nothing
     */
    public static SamplingMask load(java.nio.file.Path file) throws java.io.IOException {
        org.neuralop4j.core.io.NpyArray a = org.neuralop4j.core.io.Npy.read(file);
        if (a.rank() < 1 || a.rank() > 2)
            throw new IllegalArgumentException("mask file " + file + " holds a " + a.rank() + "-D array, expected 1-D or 2-D");
        double[] v = a.asDoubles();
        boolean[] s = new boolean[v.length];
        for (int i = 0; i < v.length; i++) s[i] = v[i] != 0;
        try {
            return new SamplingMask(a.shape(), s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mask file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the mask as a bool {@code .npy} array of shape {@code dims} (atomically, by the writer). */
    public void save(java.nio.file.Path file) throws java.io.IOException {
        org.neuralop4j.core.io.Npy.write(file, org.neuralop4j.core.io.NpyArray.ofBools(sampled.clone(), dims.clone()));
    }

    // ------------------------------------------------------------------ generators

    /** Every entry sampled with the same probability: exactly {@code round(rate N)} entries, uniformly at random. */
    public static SamplingMask uniformRandom(int[] dims, double rate, long seed) {
        checkDims(dims);
        double[] w = new double[size(dims)];
        Arrays.fill(w, 1.0);
        return weightedWithoutReplacement(dims, w, count(dims, rate), seed);
    }

    /**
     * Variable density sampling: exactly {@code round(rate N)} entries drawn without replacement with weights
     * {@code (1 + (r / r0)^2)^(-decay / 2)} in the normalised frequency radius {@code r} of {@code spectrum}, so
     * low frequencies (where images have most energy) are sampled densely and high ones sparsely.
     * @param r0    radius of the flat core, in normalised units (e.g. {@code 4 / n} keeps a few pixels dense)
     * @param decay power of the decay (2 is the classical inverse-square density)
     */
    public static SamplingMask variableDensity(int[] dims, Spectrum spectrum, double rate, double r0, double decay, long seed) {
        checkDims(dims);
        if (!(r0 > 0)) throw new IllegalArgumentException("r0 must be positive, got " + r0);
        if (!(decay >= 0)) throw new IllegalArgumentException("decay must be >= 0, got " + decay);
        double[] w = new double[size(dims)];
        for (int i = 0; i < w.length; i++) {
            double r = radius(dims, spectrum, i) / r0;
            w[i] = Math.pow(1 + r * r, -decay / 2);
        }
        return weightedWithoutReplacement(dims, w, count(dims, rate), seed);
    }

    /** {@link #variableDensity(int[], Spectrum, double, double, double, long)} with {@code r0 = 4 / min(dims)}, decay 2. */
    public static SamplingMask variableDensity(int[] dims, Spectrum spectrum, double rate, long seed) {
        int n = Integer.MAX_VALUE;
        for (int d : dims) n = Math.min(n, d);
        return variableDensity(dims, spectrum, rate, 4.0 / n, 2.0, seed);
    }

    /**
     * Sampling in levels (Adcock, Hansen, Poon, Roman, Forum Math. Sigma 2017, arXiv:1302.0561): the frequencies are
     * split into dyadic levels by the max-norm frequency index {@code k} ({@code k = max_d |i_d - n_d/2|} for
     * Fourier, {@code max_d i_d / 2} for Walsh): level 0 is {@code k < 2}, level {@code l >= 1} is
     * {@code 2^l <= k < 2^(l+1)} (the last level also takes the Nyquist line). Level {@code l} gets exactly
     * {@code round(fractions[l] * |level l|)} uniformly random samples.
     * @param fractions one sampling fraction in [0, 1] per level; {@link #levelCount} says how many are needed
     */
    public static SamplingMask multilevel(int[] dims, Spectrum spectrum, double[] fractions, long seed) {
        checkDims(dims);
        int levels = levelCount(dims, spectrum);
        if (fractions.length != levels)
            throw new IllegalArgumentException("fractions has " + fractions.length + " levels, dims " + Arrays.toString(dims) + " have " + levels);
        int n = size(dims);
        int[] level = new int[n];
        int[] levelSize = new int[levels];
        for (int i = 0; i < n; i++) {
            level[i] = levelOf(dims, spectrum, i, levels);
            levelSize[level[i]]++;
        }
        boolean[] s = new boolean[n];
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (int l = 0; l < levels; l++) {
            if (!(fractions[l] >= 0 && fractions[l] <= 1))
                throw new IllegalArgumentException("fractions[" + l + "] must lie in [0, 1], got " + fractions[l]);
            int[] members = new int[levelSize[l]];
            for (int i = 0, j = 0; i < n; i++) if (level[i] == l) members[j++] = i;
            int take = (int) Math.round(fractions[l] * members.length);
            // partial Fisher-Yates: the first `take` entries become a uniform random subset
            for (int j = 0; j < take; j++) {
                int r = j + rng.nextInt(members.length - j);
                int t = members[j];
                members[j] = members[r];
                members[r] = t;
                s[members[j]] = true;
            }
        }
        return new SamplingMask(dims, s);
    }

    /**
     * Sampling in levels at an overall rate: level {@code l} gets the fraction {@code min(1, c / 2^(l * decay))}, with {@code c} found by bisection so the total is as close as possible to
     * {@code round(rate N)}; low levels end up fully sampled.
     */
    public static SamplingMask multilevel(int[] dims, Spectrum spectrum, double rate, double decay, long seed) {
        checkDims(dims);
        int levels = levelCount(dims, spectrum);
        int n = size(dims);
        int[] levelSize = new int[levels];
        for (int i = 0; i < n; i++) levelSize[levelOf(dims, spectrum, i, levels)]++;
        int target = count(dims, rate);
        double lo = 0, hi = Math.pow(2, levels * decay) + 1;
        double[] f = new double[levels];
        for (int it = 0; it < 200; it++) {
            double c = 0.5 * (lo + hi);
            if (total(levelSize, fractions(c, decay, f)) < target) lo = c;
            else hi = c;
        }
        return multilevel(dims, spectrum, fractions(hi, decay, f).clone(), seed);
    }

    private static double[] fractions(double c, double decay, double[] f) {
        for (int l = 0; l < f.length; l++) f[l] = Math.min(1, c / Math.pow(2, l * decay));
        return f;
    }

    private static long total(int[] levelSize, double[] f) {
        long t = 0;
        for (int l = 0; l < f.length; l++) t += Math.round(f[l] * levelSize[l]);
        return t;
    }

    /** @return the number of dyadic levels {@link #multilevel} uses for these dims */
    public static int levelCount(int[] dims, Spectrum spectrum) {
        // the largest k that is not folded into the last level: the Nyquist line k = n/2 of Fourier joins the level below
        int kmax = 0;
        for (int d : dims) kmax = Math.max(kmax, spectrum == Spectrum.FOURIER ? d / 2 - 1 : (d - 1) / 2);
        return kmax < 2 ? 1 : 32 - Integer.numberOfLeadingZeros(kmax);
    }

    private static int levelOf(int[] dims, Spectrum spectrum, int flat, int levels) {
        int k = 0;
        int rem = flat;
        for (int d = dims.length - 1; d >= 0; d--) {
            int i = rem % dims[d];
            rem /= dims[d];
            int kd = spectrum == Spectrum.FOURIER ? Math.abs(i - dims[d] / 2) : i / 2;
            k = Math.max(k, kd);
        }
        int l = k < 2 ? 0 : 31 - Integer.numberOfLeadingZeros(k);
        return Math.min(l, levels - 1);
    }

    /** @return the normalised frequency radius of flat index {@code flat} (see {@link Spectrum}) */
    public static double radius(int[] dims, Spectrum spectrum, int flat) {
        double s = 0;
        int rem = flat;
        for (int d = dims.length - 1; d >= 0; d--) {
            int i = rem % dims[d];
            rem /= dims[d];
            double r = spectrum == Spectrum.FOURIER ? (i - dims[d] / 2) / (dims[d] / 2.0) : i / (double) dims[d];
            s += r * r;
        }
        return Math.sqrt(s);
    }

    /** Efraimidis-Spirakis weighted sampling without replacement: the {@code m} largest keys {@code log(u) / w}. */
    private static SamplingMask weightedWithoutReplacement(int[] dims, double[] w, int m, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = w.length;
        double[] keys = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            while (u == 0) u = rng.nextDouble();
            keys[i] = Math.log(u) / w[i];
            order[i] = i;
        }
        // ties are broken by index, so the result is a pure function of the seed
        Arrays.sort(order, (a, b) -> keys[a] != keys[b] ? Double.compare(keys[b], keys[a]) : Integer.compare(a, b));
        boolean[] s = new boolean[n];
        for (int j = 0; j < m; j++) s[order[j]] = true;
        return new SamplingMask(dims, s);
    }

    private static int count(int[] dims, double rate) {
        if (!(rate > 0 && rate <= 1)) throw new IllegalArgumentException("rate must lie in (0, 1], got " + rate);
        return (int) Math.max(1, Math.round(rate * size(dims)));
    }

    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    static void checkDims(int[] dims) {
        if (dims.length < 1 || dims.length > 2)
            throw new IllegalArgumentException("dims must have 1 or 2 entries, got " + Arrays.toString(dims));
        for (int d : dims) if (d < 1) throw new IllegalArgumentException("dims must be positive, got " + Arrays.toString(dims));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamplingMask && Arrays.equals(dims, ((SamplingMask) o).dims) && Arrays.equals(sampled, ((SamplingMask) o).sampled);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(dims) + Arrays.hashCode(sampled); }

    @Override
    public String toString() { return "SamplingMask" + Arrays.toString(dims) + " m=" + count() + " rate=" + rate(); }
}
