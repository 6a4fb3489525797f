package org.neuralop4j.validation.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.pde.data.AntiderivativeDataset;
import org.neuralop4j.core.pde.data.BurgersDataset;
import org.neuralop4j.core.pde.data.DarcyDataset;
import org.neuralop4j.core.pde.data.DatasetGenerator;
import org.neuralop4j.core.pde.data.DatasetWriter;
import org.neuralop4j.core.pde.data.NavierStokesDataset;
import org.neuralop4j.core.pde.data.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j generate burgers|darcy|navier-stokes|antiderivative}: classical solvers make seeded data sets
 * ({@code .npz}, channels-first, with a {@code meta} JSON entry). Parameters are checked before any work starts.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate PDE data sets with the classical solvers (seeded, parallel, .npz output).",
        subcommands = {GenerateCommand.Burgers.class, GenerateCommand.Darcy.class, GenerateCommand.NavierStokes.class,
                GenerateCommand.Antiderivative.class})
public final class GenerateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every problem shares. */
    static final class Common {
        @Option(names = "--seed", defaultValue = "0", description = "Data-set seed (default: ${DEFAULT-VALUE}). Sample i depends only on (seed, i).")
        long seed;

        @Option(names = "--out", description = "Output .npz file (default: <problem>_n<N>_s<resolution>_seed<seed>.npz).")
        Path out;

        @Option(names = "--compress", description = "Deflate the archive entries (numpy.savez_compressed).")
        boolean compress;

        @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
        boolean quiet;

        @Option(names = "--threads", description = "Worker threads (default: all processors). The output does not depend on it.")
        Integer threads;
    }

    abstract static class Problem implements Callable<Integer> {
        @Mixin
        Common common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract DatasetGenerator generator();

        abstract int samples();

        abstract int resolution();

        @Override
        public Integer call() throws Exception {
            if (samples() < 1) throw new IllegalArgumentException("--n must be at least 1, got " + samples());
            if (common.threads != null) Parallel.setThreads(common.threads);
            DatasetGenerator g = generator(); // validates every parameter before any work
            Path out = common.out != null ? common.out
                    : Path.of(String.format("%s_n%d_s%d_seed%d.npz", g.name(), samples(), resolution(), common.seed));
            ProgressListener progress = common.quiet ? ProgressListener.NONE
                    : new ProgressBar(spec.commandLine().getErr(), g.name(), System.console() != null);
            long t0 = System.nanoTime();
            Map<String, Tensor> arrays = DatasetWriter.generateAndWrite(out, g, samples(), common.seed, common.compress, progress);
            double secs = (System.nanoTime() - t0) / 1e9;
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Tensor> e : arrays.entrySet())
                sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(java.util.Arrays.toString(e.getValue().shape()));
            spec.commandLine().getOut().printf("wrote %s: %s + meta; %d samples in %.1f s on %d threads%n", out, sb, samples(), secs, Parallel.threads());
            return 0;
        }
    }

    @Command(name = "burgers", mixinStandardHelpOptions = true,
            description = "1-D viscous Burgers u0 -> u(.,T) (FNO paper setup by default): arrays a (N,1,s), u (N,1,s), x (s).")
    static final class Burgers extends Problem {
        @Option(names = "--n", defaultValue = "1000", description = "Samples (default: ${DEFAULT-VALUE}).") int n;
        @Option(names = "--resolution", defaultValue = "1024", description = "Saved grid points s (default: ${DEFAULT-VALUE}).") int resolution;
        @Option(names = "--solver-points", defaultValue = "8192", description = "Solver grid, a multiple of s (default: ${DEFAULT-VALUE}).") int solverPoints;
        @Option(names = "--nu", defaultValue = "0.1", description = "Viscosity (default: ${DEFAULT-VALUE}).") double nu;
        @Option(names = "--time", defaultValue = "1", description = "Final time T (default: ${DEFAULT-VALUE}).") double time;
        @Option(names = "--dt", defaultValue = "0.01", description = "ETDRK4 time step (default: ${DEFAULT-VALUE}; max error vs. a converged solve about 2e-8, 4e-9 at 0.005).") double dt;
        @Option(names = "--alpha", defaultValue = "2", description = "Initial-condition GRF exponent (default: ${DEFAULT-VALUE}).") double alpha;
        @Option(names = "--tau", defaultValue = "5", description = "GRF inverse length scale (default: ${DEFAULT-VALUE}).") double tau;
        @Option(names = "--sigma", defaultValue = "25", description = "GRF amplitude; covariance sigma^2 (-Laplacian + tau^2)^-alpha (default: ${DEFAULT-VALUE}).") double sigma;

        @Override DatasetGenerator generator() { return new BurgersDataset(solverPoints, resolution, nu, time, dt, alpha, tau, sigma); }
        @Override int samples() { return n; }
        @Override int resolution() { return resolution; }
    }

    @Command(name = "darcy", mixinStandardHelpOptions = true,
            description = "2-D Darcy flow a -> u with f = 1, u = 0 on the boundary (FNO coefficient law): arrays a (N,1,s,s), u (N,1,s,s), x (s).")
    static final class Darcy extends Problem {
        @Option(names = "--n", defaultValue = "1000", description = "Samples (default: ${DEFAULT-VALUE}).") int n;
        @Option(names = "--resolution", defaultValue = "85", description = "Saved points per axis, boundary included (default: ${DEFAULT-VALUE}).") int resolution;
        @Option(names = "--solver-resolution", description = "Solver points per axis with (S-1) a multiple of (s-1) (default: s; the FNO paper used 421).") Integer solverResolution;
        @Option(names = "--alpha", defaultValue = "2", description = "Coefficient GRF exponent (default: ${DEFAULT-VALUE}).") double alpha;
        @Option(names = "--tau", defaultValue = "3", description = "Coefficient GRF inverse length scale (default: ${DEFAULT-VALUE}).") double tau;
        @Option(names = "--high", defaultValue = "12", description = "Coefficient where the GRF is >= 0 (default: ${DEFAULT-VALUE}).") double high;
        @Option(names = "--low", defaultValue = "3", description = "Coefficient where the GRF is < 0 (default: ${DEFAULT-VALUE}).") double low;

        @Override DatasetGenerator generator() {
            return new DarcyDataset(solverResolution == null ? resolution : solverResolution, resolution, alpha, tau, high, low);
        }
        @Override int samples() { return n; }
        @Override int resolution() { return resolution; }
    }

    @Command(name = "navier-stokes", mixinStandardHelpOptions = true,
            description = "2-D Navier-Stokes vorticity on the torus (FNO setup): arrays a (N,1,s,s) w0, u (N,1,s,s,T) snapshots, t (T), x (s).")
    static final class NavierStokes extends Problem {
        @Option(names = "--n", defaultValue = "1000", description = "Samples (default: ${DEFAULT-VALUE}).") int n;
        @Option(names = "--resolution", defaultValue = "64", description = "Saved points per axis (default: ${DEFAULT-VALUE}).") int resolution;
        @Option(names = "--solver-resolution", description = "Solver points per axis, a multiple of s (default: s; the FNO paper used 256).") Integer solverResolution;
        @Option(names = "--nu", defaultValue = "1e-3", description = "Viscosity: 1e-3, 1e-4, 1e-5 in the paper (default: ${DEFAULT-VALUE}).") double nu;
        @Option(names = "--time", description = "Final time (default: 50, 30, 20 for nu >= 1e-3, >= 1e-4, smaller).") Double time;
        @Option(names = "--records", description = "Snapshots, equally spaced up to the final time (default: one per time unit).") Integer records;
        @Option(names = "--dt", description = "Time step (default: 0.64 / solver resolution, i.e. 0.01 at 64, 0.0025 at 256).") Double dt;
        @Option(names = "--alpha", defaultValue = "2.5", description = "Initial-vorticity GRF exponent (default: ${DEFAULT-VALUE}).") double alpha;
        @Option(names = "--tau", defaultValue = "7", description = "GRF inverse length scale (default: ${DEFAULT-VALUE}).") double tau;

        @Override DatasetGenerator generator() {
            double t = time != null ? time : nu >= 1e-3 ? 50 : nu >= 1e-4 ? 30 : 20;
            int rec = records != null ? records : Math.max(1, (int) Math.round(t));
            int big = solverResolution == null ? resolution : solverResolution;
            return new NavierStokesDataset(big, resolution, nu, t, rec, dt != null ? dt : 0.64 / big, alpha, tau);
        }
        @Override int samples() { return n; }
        @Override int resolution() { return resolution; }
    }

    @Command(name = "antiderivative", mixinStandardHelpOptions = true,
            description = "DeepONet's antiderivative operator with exact labels: arrays v (N,m), x (m,1) or (N,m,1) unaligned, y (N,m), sensors (m).")
    static final class Antiderivative extends Problem {
        @Option(names = "--n", defaultValue = "1000", description = "Samples (default: ${DEFAULT-VALUE}).") int n;
        @Option(names = "--resolution", defaultValue = "100", description = "Sensors m = query points per sample (default: ${DEFAULT-VALUE}).") int m;
        @Option(names = "--length-scale", defaultValue = "0.2", description = "RBF kernel length scale (default: ${DEFAULT-VALUE}).") double lengthScale;
        @Option(names = "--grid-points", defaultValue = "1000", description = "Gaussian-process points before spline interpolation (default: ${DEFAULT-VALUE}).") int gridPoints;
        @Option(names = "--unaligned", description = "Random query points per sample instead of the sensors.") boolean unaligned;

        @Override DatasetGenerator generator() { return new AntiderivativeDataset(lengthScale, gridPoints, m, !unaligned); }
        @Override int samples() { return n; }
        @Override int resolution() { return m; }
    }
}
