package org.neuralop4j.validation.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.linalg.Gemm;
import org.neuralop4j.core.optim.Adam;
import org.neuralop4j.operators.fno.Fno;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.fno.FnoFlops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j bench fno [--json]}: times an FNO training step (forward, relative L2 loss, backward, Adam with
 * weight decay) and a forward pass at batch 20 for the paper's FNO-1D (Burgers, s = 1024, width 64, modes 16) and
 * FNO-2D (Darcy, s = 85, width 32, modes 12), the set-up of the PyTorch/NumPy reference scripts. Prints model FLOPs
 * and achieved GFLOP/s, and the ratio to the time the same FLOPs take at the GEMM rate measured in the same run.
 */
@Command(name = "fno", mixinStandardHelpOptions = true,
        description = {"Time FNO training steps and forward passes (batch 20): FNO-1D s=1024 w=64 m=16, FNO-2D s=85 w=32 m=12.",
                "References measured on these machines (float64, 2 threads): PyTorch 1.13 FNO-1D train step 1470 ms, forward 590 ms; "
                        + "NumPy FNO-1D forward 490 ms; PyTorch FNO-2D train step 8800 ms, forward 2500 ms."})
public final class BenchFnoCommand implements Callable<Integer> {
    /** Published reference times (ms) of the scripts in shared/bench, measured on these 2-core machines. */
    static final double TORCH_1D_TRAIN = 1470, TORCH_1D_FORWARD = 590, NUMPY_1D_FORWARD = 490, TORCH_2D_TRAIN = 8800, TORCH_2D_FORWARD = 2500;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;
    @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions after two warm-up steps (default: ${DEFAULT-VALUE}).")
    int reps;
    @Option(names = "--only", description = "fno1d or fno2d.")
    String only;
    @Option(names = "--threads", description = "Worker threads (default: all processors); with 1, the *_cpu_ms figures are the whole work.")
    Integer threads;

    private double gemmCpuRate;

    @Override
    public Integer call() {
        if (threads != null) Parallel.setThreads(threads);
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        double[] rates = gemmGflops();
        double gemmRate = rates[0];
        gemmCpuRate = rates[1];
        if (only == null || only.equals("fno1d"))
            results.put("fno1d", run(FnoConfig.builder().modes(16).width(64).build(), new int[] {1024}, TORCH_1D_TRAIN, TORCH_1D_FORWARD, gemmRate));
        if (only == null || only.equals("fno2d"))
            results.put("fno2d", run(FnoConfig.builder().modes(12, 12).width(32).build(), new int[] {85, 85}, TORCH_2D_TRAIN, TORCH_2D_FORWARD, gemmRate));
        if (results.containsKey("fno1d")) results.get("fno1d").put("forward_speedup_vs_numpy", NUMPY_1D_FORWARD / results.get("fno1d").get("forward_ms"));
        if (json) {
            StringBuilder sb = new StringBuilder("{\"threads\": ").append(Parallel.threads()).append(", \"gemm_gflops\": ").append(fmt(gemmRate))
                    .append(", \"gemm_cpu_gflops\": ").append(fmt(gemmCpuRate));
            for (Map.Entry<String, Map<String, Double>> e : results.entrySet()) {
                sb.append(", \"").append(e.getKey()).append("\": {");
                boolean first = true;
                for (Map.Entry<String, Double> v : e.getValue().entrySet()) {
                    sb.append(first ? "" : ", ").append('"').append(v.getKey()).append("\": ").append(fmt(v.getValue()));
                    first = false;
                }
                sb.append('}');
            }
            System.out.println(sb.append('}'));
        } else {
            System.out.printf(Locale.ROOT, "threads %d, GEMM (1024^3, this run) %.1f GFLOP/s wall, %.1f GFLOP/s of main-thread CPU%n", Parallel.threads(), gemmRate, gemmCpuRate);
            for (Map.Entry<String, Map<String, Double>> e : results.entrySet()) {
                Map<String, Double> r = e.getValue();
                System.out.printf(Locale.ROOT, "%s: %,.0f parameters; train step %.1f ms (min %.1f, main-thread CPU %.1f) = %.2f GFLOP -> %.1f GFLOP/s, %.1fx PyTorch, %.2fx the GEMM-rate time;"
                                + " forward %.1f ms (min %.1f), %.1fx PyTorch%s%n", e.getKey(), r.get("parameters"), r.get("train_step_ms"),
                        r.get("train_step_min_ms"), r.get("train_step_cpu_ms"), r.get("gflop_per_step"), r.get("train_gflops"), r.get("train_speedup_vs_pytorch"),
                        r.get("train_step_vs_gemm_rate"), r.get("forward_ms"), r.get("forward_min_ms"), r.get("forward_speedup_vs_pytorch"),
                        r.containsKey("forward_speedup_vs_numpy") ? String.format(Locale.ROOT, ", %.1fx NumPy", r.get("forward_speedup_vs_numpy")) : "");
            }
        }
        return 0;
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.4g", v); }

    /**
     * GEMM rate of this machine right now: best of three 1024^3 products through the library's GEMM, by wall time
     * ({@code [0]}) and by the calling thread's CPU time ({@code [1]}, the whole work with one thread).
     */
    static double[] gemmGflops() {
        int n = 1024;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] a = Tensor.randn(1, n * n).data(), b = Tensor.randn(2, n * n).data(), c = new double[n * n];
        double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
        for (int r = 0; r < 4; r++) {
            long c0 = mx.getCurrentThreadCpuTime(), t = System.nanoTime();
            Gemm.gemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            if (r > 0) {
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
                bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9);
            }
        }
        return new double[] {2.0 * n * n * n / best / 1e9, 2.0 * n * n * n / bestCpu / 1e9};
    }

    private Map<String, Double> run(FnoConfig config, int[] sizes, double torchTrain, double torchForward, double gemmRate) {
        int batch = 20;
        int[] shape = new int[sizes.length + 2];
        shape[0] = batch;
        shape[1] = 1;
        System.arraycopy(sizes, 0, shape, 2, sizes.length);
        Tensor x = Tensor.randn(1, shape), y = Tensor.randn(2, shape);
        Fno model = new Fno(config, 0);
        Adam adam = new Adam(model.parameters(), 1e-3, 0.9, 0.999, 1e-8, 1e-4);
        Runnable step = () -> {
            adam.zeroGrad();
            Losses.relativeL2(model.forward(Var.constant(x)), Var.constant(y)).backward();
            adam.step();
        };
        double[] trainCpu = new double[reps], fwdCpu = new double[reps];
        double[] train = time(step, reps, trainCpu), fwd = time(() -> model.predict(x), reps, fwdCpu);
        double flopsStep = FnoFlops.trainStep(config, batch, sizes), flopsFwd = FnoFlops.forward(config, batch, sizes);
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("train_step_ms", median(train));
        r.put("train_step_min_ms", Arrays.stream(train).min().getAsDouble());
        r.put("train_step_cpu_ms", median(trainCpu));
        r.put("forward_ms", median(fwd));
        r.put("forward_min_ms", Arrays.stream(fwd).min().getAsDouble());
        r.put("forward_cpu_ms", median(fwdCpu));
        r.put("gflop_per_step", flopsStep / 1e9);
        r.put("gflop_per_forward", flopsFwd / 1e9);
        r.put("train_gflops", flopsStep / 1e9 / (median(train) / 1e3));
        r.put("forward_gflops", flopsFwd / 1e9 / (median(fwd) / 1e3));
        r.put("train_speedup_vs_pytorch", torchTrain / median(train));
        r.put("forward_speedup_vs_pytorch", torchForward / median(fwd));
        r.put("train_step_vs_gemm_rate", median(train) / 1e3 / (flopsStep / 1e9 / gemmRate));
        r.put("train_step_cpu_vs_gemm_cpu_rate", median(trainCpu) / 1e3 / (flopsStep / 1e9 / gemmCpuRate));
        r.put("parameters", (double) model.numParameters());
        return r;
    }

    /**
     * Wall-clock times of {@code reps} runs after two warm-ups; {@code cpu} receives the calling thread's CPU time per
     * run, which with {@code --threads 1} is the whole work and, unlike wall time, insensitive to other processes.
     */
    private static double[] time(Runnable r, int reps, double[] cpu) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2; i++) r.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        return t;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
