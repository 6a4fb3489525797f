package org.neuralop4j.validation.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
import org.neuralop4j.operators.fno.FnoMemory;
import org.neuralop4j.validation.bench.HeapProbe;
import org.neuralop4j.validation.bench.ReferenceScripts;
import org.neuralop4j.validation.bench.StepProducts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j bench fno [--json] [--references DIR] [--heap]}: times an FNO training step (forward, relative L2
 * loss, backward, Adam with weight decay) and a forward pass at batch 20 for the paper's FNO-1D (Burgers, s = 1024,
 * width 64, modes 16) and FNO-2D (Darcy, s = 85, width 32, modes 12), the set-up of the PyTorch/NumPy reference
 * scripts. Prints model FLOPs and achieved GFLOP/s, and the ratio to the time the same FLOPs take at the GEMM rate
 * measured in the same run. With {@code --references}, the reference scripts run first in the same sitting
 * ({@link ReferenceScripts}) and the ratios are against them, including the OpenBLAS dgemm rate and OpenBLAS's time
 * for only the step's matrix products ({@link ReferenceScripts#gemmFloor}); without, against the published figures.
 * Either way it also times the same products through this library's GEMM ({@link StepProducts}), so that the step can
 * be set against its own products and those against OpenBLAS's.
 * With {@code --heap}, the smallest heap a training step runs in is found by bisection over child JVMs and compared
 * with the activations the step must keep ({@link FnoMemory}, {@link HeapProbe}).
 */
@Command(name = "fno", mixinStandardHelpOptions = true,
        description = {"Time FNO training steps and forward passes (batch 20): FNO-1D s=1024 w=64 m=16, FNO-2D s=85 w=32 m=12.",
                "Ratios are against the reference scripts run in the same sitting (--references ../shared/bench), else against "
                        + "the published figures (float64, 2 threads): PyTorch 1.13 FNO-1D train step 1470 ms, forward 590 ms; "
                        + "NumPy FNO-1D forward 490 ms; PyTorch FNO-2D train step 8800 ms, forward 2500 ms."})
public final class BenchFnoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Published reference times (ms) of the scripts in shared/bench, measured on these 2-core machines. */
    static final double TORCH_1D_TRAIN = 1470, TORCH_1D_FORWARD = 590, NUMPY_1D_FORWARD = 490, TORCH_2D_TRAIN = 8800, TORCH_2D_FORWARD = 2500;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;
    @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions after the warm-up (default: ${DEFAULT-VALUE}).")
    int reps;
    @Option(names = "--warmup-seconds", defaultValue = "6", description = "Untimed runs before the timed ones, for at least "
            + "this long and at least two runs, so that the JIT has compiled the step's loops (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;
    @Option(names = "--only", description = "fno1d or fno2d.")
    String only;
    @Option(names = "--threads", description = "Worker threads (default: all processors); with 1, the *_cpu_ms figures are the whole work.")
    Integer threads;
    @Option(names = "--references", paramLabel = "DIR", description = "Run the reference scripts (dgemm.py, torch_fno.py, numpy_fno.py) in DIR first and take the ratios against them; also time OpenBLAS on only the steps' matrix products (a bundled script).")
    Path references;
    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with numpy and torch for --references (default: ${DEFAULT-VALUE}).")
    String python;
    @Option(names = "--heap", description = "Also find the smallest heap (-Xmx) a training step runs in, by bisection over child JVMs.")
    boolean heap;
    @Option(names = "--single-step", hidden = true, description = "Child of --heap: two training steps of --only, nothing printed.")
    boolean singleStep;

    private double gemmCpuRate;

    /** Runs of the products-only list ({@link StepProducts}): untimed, then timed; the script's 3 and 15. */
    private static final int PRODUCT_WARMUPS = 3, PRODUCT_REPS = 15;

    /** The two benchmarked configurations. */
    private static final String[] CONFIGS = {"fno1d", "fno2d"};

    static FnoConfig config(String name) {
        return name.equals("fno1d") ? FnoConfig.builder().modes(16).width(64).build() : FnoConfig.builder().modes(12, 12).width(32).build();
    }

    static int[] sizes(String name) {
        return name.equals("fno1d") ? new int[] {1024} : new int[] {85, 85};
    }

    @Override
    public Integer call() throws Exception {
        if (threads != null) Parallel.setThreads(threads);
        if (only != null && !only.equals("fno1d") && !only.equals("fno2d"))
            throw new IllegalArgumentException("--only must be fno1d or fno2d, got '" + only + "'");
        if (reps < 1) throw new IllegalArgumentException("--reps must be at least 1, got " + reps);
        if (!(warmupSeconds >= 0 && warmupSeconds <= 3600))
            throw new IllegalArgumentException("--warmup-seconds must be between 0 and 3600, got " + warmupSeconds);
        if (singleStep) {
            if (only == null) throw new IllegalArgumentException("--single-step needs --only");
            Runnable step = trainingStep(config(only), sizes(only));
            step.run();
            step.run();
            return 0;
        }
        Map<String, Double> refs = references == null ? publishedReferences() : measureReferences();
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        double[] rates = gemmGflops();
        double gemmRate = rates[0];
        gemmCpuRate = rates[1];
        for (String name : CONFIGS)
            if (only == null || only.equals(name)) results.put(name, run(name, refs, gemmRate));
        if (heap) for (Map.Entry<String, Map<String, Double>> e : results.entrySet()) measureHeap(e.getKey(), e.getValue());
        String refKind = references == null ? "published" : "measured";
        if (json) {
            StringBuilder sb = new StringBuilder("{\"threads\": ").append(Parallel.threads()).append(", \"gemm_gflops\": ").append(fmt(gemmRate))
                    .append(", \"gemm_cpu_gflops\": ").append(fmt(gemmCpuRate)).append(", \"references\": \"").append(refKind).append('"');
            if (refs.containsKey("dgemm_gflops")) sb.append(", \"dgemm_gflops\": ").append(fmt(refs.get("dgemm_gflops")));
            for (Map.Entry<String, Map<String, Double>> e : results.entrySet()) {
                sb.append(", \"").append(e.getKey()).append("\": {");
                boolean first = true;
                for (Map.Entry<String, Double> v : e.getValue().entrySet()) {
                    sb.append(first ? "" : ", ").append('"').append(v.getKey()).append("\": ").append(fmt(v.getValue()));
                    first = false;
                }
                sb.append('}');
            }
            spec.commandLine().getOut().println(sb.append('}'));
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT, "threads %d, GEMM (1024^3, this run) %.1f GFLOP/s wall, %.1f GFLOP/s of main-thread CPU%s%n", Parallel.threads(), gemmRate, gemmCpuRate,
                    refs.containsKey("dgemm_gflops") ? String.format(Locale.ROOT, "; OpenBLAS dgemm (same sitting) %.1f GFLOP/s", refs.get("dgemm_gflops")) : "");
            spec.commandLine().getOut().println("references: " + (references == null ? "published figures (run with --references DIR for the same sitting)" : "measured now by the scripts in " + references));
            for (Map.Entry<String, Map<String, Double>> e : results.entrySet()) {
                Map<String, Double> r = e.getValue();
                spec.commandLine().getOut().printf(Locale.ROOT, "%s: %,.0f parameters; train step %.1f ms (min %.1f, main-thread CPU %.1f) = %.2f GFLOP -> %.1f GFLOP/s, %.1fx PyTorch (%.0f ms), %.2fx the GEMM-rate time%s;"
                                + " forward %.1f ms (min %.1f), %.1fx PyTorch%s%n", e.getKey(), r.get("parameters"), r.get("train_step_ms"),
                        r.get("train_step_min_ms"), r.get("train_step_cpu_ms"), r.get("gflop_per_step"), r.get("train_gflops"), r.get("train_speedup_vs_pytorch"),
                        r.get("pytorch_train_step_ms"), r.get("train_step_vs_gemm_rate"),
                        r.containsKey("train_step_vs_dgemm_rate") ? String.format(Locale.ROOT, ", %.2fx the OpenBLAS-dgemm-rate time", r.get("train_step_vs_dgemm_rate")) : "",
                        r.get("forward_ms"), r.get("forward_min_ms"), r.get("forward_speedup_vs_pytorch"),
                        r.containsKey("forward_speedup_vs_numpy") ? String.format(Locale.ROOT, ", %.1fx NumPy (%.0f ms)", r.get("forward_speedup_vs_numpy"), r.get("numpy_forward_ms")) : "");
                spec.commandLine().getOut().printf(Locale.ROOT, "%s: this library's GEMM on only the step's matrix products (%.2f GFLOP): %.1f ms (min %.1f), %.1f GFLOP/s; the train step is %.2fx that%n",
                        e.getKey(), r.get("products_gflop"), r.get("products_ms"), r.get("products_min_ms"), r.get("products_gflops"), r.get("train_step_vs_products"));
                if (r.containsKey("gemm_floor_ms"))
                    spec.commandLine().getOut().printf(Locale.ROOT, "%s: OpenBLAS on the same products (same sitting): %.1f ms, %.2fx ours; the train step is %.2fx that%n",
                            e.getKey(), r.get("gemm_floor_ms"), r.get("gemm_floor_vs_products"), r.get("train_step_vs_gemm_floor"));
                if (r.containsKey("min_heap_mb"))
                    spec.commandLine().getOut().printf(Locale.ROOT, "%s memory: a training step runs in -Xmx%.0fm; the activations it must keep are %.0f MB (ratio %.2f)%n",
                            e.getKey(), r.get("min_heap_mb"), r.get("activation_mb"), r.get("min_heap_vs_activations"));
            }
        }
        return 0;
    }

    private static Map<String, Double> publishedReferences() {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("fno1d_train", TORCH_1D_TRAIN);
        r.put("fno1d_forward", TORCH_1D_FORWARD);
        r.put("fno2d_train", TORCH_2D_TRAIN);
        r.put("fno2d_forward", TORCH_2D_FORWARD);
        r.put("numpy_forward", NUMPY_1D_FORWARD);
        return r;
    }

    private Map<String, Double> measureReferences() throws Exception {
        ReferenceScripts scripts = new ReferenceScripts(references, python, Parallel.threads());
        Map<String, Double> r = new LinkedHashMap<>();
        spec.commandLine().getErr().println("running the reference scripts in " + references + " ...");
        r.put("dgemm_gflops", scripts.dgemmGflops());
        for (String name : CONFIGS) {
            if (only != null && !only.equals(name)) continue;
            ReferenceScripts.TorchTimes t = scripts.torch(name);
            r.put(name + "_train", t.trainStepMs());
            r.put(name + "_forward", t.forwardMs());
        }
        if (only == null || only.equals("fno1d")) r.put("numpy_forward", scripts.numpyForwardMs());
        for (String name : CONFIGS) {
            if (only != null && !only.equals(name)) continue;
            ReferenceScripts.GemmFloor f = scripts.gemmFloor(name);
            r.put(name + "_floor_ms", f.medianMs());
            r.put(name + "_floor_gflop", f.gflopPerStep());
        }
        return r;
    }

    private void measureHeap(String name, Map<String, Double> r) throws Exception {
        Path jar;
        try {
            jar = Path.of(BenchFnoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the application jar", e);
        }
        if (!jar.toString().endsWith(".jar")) throw new IllegalStateException("--heap needs the application jar (run ./neuralop4j), not " + jar);
        long activations = FnoMemory.activationBytes(config(name), 20, sizes(name));
        int actMb = (int) Math.ceil(activations / 1048576.0);
        spec.commandLine().getErr().println("finding the smallest heap of a " + name + " training step (child JVMs) ...");
        List<String> args = List.of("bench", "fno", "--single-step", "--only", name, "--threads", Integer.toString(Parallel.threads()));
        int minMb = HeapProbe.minimumHeapMb(jar, args, actMb / 2, 8 * actMb + 256);
        r.put("activation_mb", activations / 1048576.0);
        r.put("min_heap_mb", (double) minMb);
        r.put("min_heap_vs_activations", minMb / (activations / 1048576.0));
    }

    /** Four significant digits, but whole numbers (parameter counts) in full. */
    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

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

    /** One training step (forward, relative L2 loss, backward, Adam with weight decay) on random data of batch 20. */
    static Runnable trainingStep(FnoConfig config, int[] sizes) {
        Tensor[] xy = batch(sizes);
        Fno model = new Fno(config, 0);
        Adam adam = new Adam(model.parameters(), 1e-3, 0.9, 0.999, 1e-8, 1e-4);
        return () -> {
            adam.zeroGrad();
            Losses.relativeL2(model.forward(Var.constant(xy[0])), Var.constant(xy[1])).backward();
            adam.step();
        };
    }

    private static Tensor[] batch(int[] sizes) {
        int[] shape = new int[sizes.length + 2];
        shape[0] = 20;
        shape[1] = 1;
        System.arraycopy(sizes, 0, shape, 2, sizes.length);
        return new Tensor[] {Tensor.randn(1, shape), Tensor.randn(2, shape)};
    }

    private Map<String, Double> run(String name, Map<String, Double> refs, double gemmRate) {
        int batch = 20;
        FnoConfig config = config(name);
        int[] sizes = sizes(name);
        Tensor x = batch(sizes)[0];
        Fno model = new Fno(config, 0);
        Runnable step = trainingStep(config, sizes);
        double[] trainCpu = new double[reps], fwdCpu = new double[reps];
        double[] train = time(step, warmupSeconds, reps, trainCpu), fwd = time(() -> model.predict(x), warmupSeconds, reps, fwdCpu);
        double[] products = StepProducts.timeMs(sizes.length, PRODUCT_WARMUPS, PRODUCT_REPS);
        double productsGflop = StepProducts.gflop(sizes.length);
        double flopsStep = FnoFlops.trainStep(config, batch, sizes), flopsFwd = FnoFlops.forward(config, batch, sizes);
        double torchTrain = refs.get(name + "_train"), torchForward = refs.get(name + "_forward");
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
        r.put("pytorch_train_step_ms", torchTrain);
        r.put("pytorch_forward_ms", torchForward);
        r.put("train_speedup_vs_pytorch", torchTrain / median(train));
        r.put("forward_speedup_vs_pytorch", torchForward / median(fwd));
        if (name.equals("fno1d")) {
            r.put("numpy_forward_ms", refs.get("numpy_forward"));
            r.put("forward_speedup_vs_numpy", refs.get("numpy_forward") / median(fwd));
        }
        r.put("train_step_vs_gemm_rate", median(train) / 1e3 / (flopsStep / 1e9 / gemmRate));
        r.put("train_step_cpu_vs_gemm_cpu_rate", median(trainCpu) / 1e3 / (flopsStep / 1e9 / gemmCpuRate));
        if (refs.containsKey("dgemm_gflops"))
            r.put("train_step_vs_dgemm_rate", median(train) / 1e3 / (flopsStep / 1e9 / refs.get("dgemm_gflops")));
        r.put("products_ms", median(products));
        r.put("products_min_ms", Arrays.stream(products).min().getAsDouble());
        r.put("products_gflop", productsGflop);
        r.put("products_gflops", productsGflop / (median(products) / 1e3));
        r.put("train_step_vs_products", median(train) / median(products));
        if (refs.containsKey(name + "_floor_ms")) {
            r.put("gemm_floor_ms", refs.get(name + "_floor_ms"));
            r.put("gemm_floor_gflop", refs.get(name + "_floor_gflop"));
            r.put("gemm_floor_vs_products", refs.get(name + "_floor_ms") / median(products));
            r.put("train_step_vs_gemm_floor", median(train) / refs.get(name + "_floor_ms"));
        }
        r.put("parameters", (double) model.numParameters());
        return r;
    }

    /**
     * Wall-clock times of {@code reps} runs after a warm-up of at least two runs and {@code warmupSeconds}; {@code cpu}
     * receives the calling thread's CPU time per run, which with {@code --threads 1} is the whole work and, unlike wall
     * time, insensitive to other processes. The warm-up is timed rather than counted because C2 compiles a step's
     * loops over its first seconds, not its first runs: FNO-1D's training step (2 threads, a quiet machine) took
     * 1014, 261, 182, 159, ... ms and settled at 116-125 ms only after about 25 steps, while PyTorch's is steady from
     * its second step.
     */
    private static double[] time(Runnable r, double warmupSeconds, int reps, double[] cpu) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < 2 || System.nanoTime() < warmupEnd; i++) r.run();
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
