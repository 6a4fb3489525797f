package org.neuralop4j.core.pde.data;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;

/**
 * A seeded generator of PDE data sets. Parameters are validated when the generator is built, before any work.
 *
 * <p>Determinism: sample {@code i} is computed from the stream
 * {@link org.neuralop4j.core.pde.SampleStreams#forSample(long, long) forSample(seed, i)} only, samples run in
 * parallel over {@link Parallel#forRange} with one sample per chunk, and every solver inside is serial, so the
 * arrays are bit-identical for any thread count, and sample i does not depend on how many samples are generated.
 */
public interface DatasetGenerator {
    /** @return the problem name, e.g. {@code "burgers"} */
    String name();

    /** @return the parameters that define the data (recorded in the file's metadata), in a stable order */
    Map<String, Object> parameters();

    /** @return a description of every array {@link #generate} returns (name to shape and meaning) */
    Map<String, String> arrays();

    /**
     * Generates {@code n} samples.
     * @param n        number of samples, at least 1
     * @param seed     data-set seed
     * @param progress told after each sample
     * @return named arrays (first axis = sample where per-sample), in a stable order
     */
    Map<String, Tensor> generate(int n, long seed, ProgressListener progress);

    /** Runs {@code body} for samples {@code 0..n-1} in parallel, one sample per chunk, reporting progress. */
    static void forEachSample(int n, ProgressListener progress, IntConsumer body) {
        if (n < 1) throw new IllegalArgumentException("number of samples n must be at least 1, got " + n);
        AtomicInteger done = new AtomicInteger();
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        Parallel.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                body.accept(i);
                p.update(done.incrementAndGet(), n);
            }
        });
    }
}
