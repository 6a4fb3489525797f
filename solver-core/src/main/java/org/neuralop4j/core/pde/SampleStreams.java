package org.neuralop4j.core.pde;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Random streams for data generation: the stream of sample {@code index} in a data set with seed {@code seed}
 * depends on {@code (seed, index)} only, so sample {@code i} is bit-identical whether 10 or 1000 samples are
 * generated, and whichever thread generates it.
 *
 * <p>The two 64-bit state words of a xoroshiro128++ generator (Blackman &amp; Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47 (2021), DOI 10.1145/3460772) are drawn from a SplitMix64 sequence
 * started at a mix of seed and index, so neighbouring indices give unrelated streams.
 */
public final class SampleStreams {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SampleStreams() {}

    /** @return a fresh generator for sample {@code index} of the data set with seed {@code seed} */
    public static UniformRandomProvider forSample(long seed, long index) {
        long state = mix64(seed) ^ mix64(index * GOLDEN + 0x632BE59BD9B4E019L);
        long s0 = mix64(state += GOLDEN);
        long s1 = mix64(state + GOLDEN);
        if (s0 == 0 && s1 == 0) s1 = GOLDEN; // the all-zero state is not allowed
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s0, s1});
    }

    /** SplitMix64's finaliser (Stafford's variant 13): a bijective 64-bit mixer. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
