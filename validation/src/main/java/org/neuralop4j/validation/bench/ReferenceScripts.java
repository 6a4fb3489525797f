package org.neuralop4j.validation.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the reference scripts of the shared benchmark directory ({@code dgemm.py}, {@code torch_fno.py},
 * {@code numpy_fno.py}: float64 NumPy/OpenBLAS and PyTorch 1.13 CPU implementations of the same FNOs) in a child
 * process, so that a benchmark prints ratios against references measured in the same sitting rather than against
 * figures from another day. Each script's output line is parsed; a script that is missing, fails or prints
 * something unexpected is an error naming the script and what it printed.
 *
 * <p>One more reference ships inside this library, {@code fno_gemm_floor.py} (a resource next to this class): it
 * times with OpenBLAS only the matrix products of the benchmark's training steps, in the shapes this library
 * multiplies, which is a floor for any implementation of the same algorithm on OpenBLAS-class GEMMs
 * ({@link #gemmFloor}).
 */
public final class ReferenceScripts {
    private static final Pattern TORCH = Pattern.compile("train_step=([0-9.]+) ms forward=([0-9.]+) ms");
    private static final Pattern NUMPY = Pattern.compile("forward=([0-9.]+) ms");
    private static final Pattern DGEMM_1024 = Pattern.compile("\"1024\":\\s*\\{\"gflops\":\\s*([0-9.]+)");
    private static final Pattern FLOOR = Pattern.compile(
            "\"gemm_gflop_per_step\":\\s*([0-9.]+),\\s*\"median_ms\":\\s*([0-9.]+),\\s*\"min_ms\":\\s*([0-9.]+)");
    /** The bundled products-only floor script (a class-path resource beside this class). */
    static final String FLOOR_SCRIPT = "fno_gemm_floor.py";
    private static final long TIMEOUT_MINUTES = 15;

    private final Path directory;
    private final String python;
    private final int threads;

    /**
     * @param directory the directory holding the scripts
     * @param python    the interpreter with numpy and torch (Debian's {@code /usr/bin/python3})
     * @param threads   BLAS and PyTorch threads ({@code OPENBLAS_NUM_THREADS}, {@code --threads})
     */
    public ReferenceScripts(Path directory, String python, int threads) {
        if (!Files.isDirectory(directory))
            throw new IllegalArgumentException("reference script directory " + directory + " does not exist");
        for (String s : new String[] {"dgemm.py", "torch_fno.py", "numpy_fno.py"})
            if (!Files.isRegularFile(directory.resolve(s)))
                throw new IllegalArgumentException("reference script " + directory.resolve(s) + " is missing");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.directory = directory;
        this.python = python;
        this.threads = threads;
    }

    /** PyTorch's time per training step and per forward pass. */
    public record TorchTimes(double trainStepMs, double forwardMs) {}

    /** @return OpenBLAS dgemm rate at n = 1024 through NumPy, GFLOP/s */
    public double dgemmGflops() throws IOException, InterruptedException {
        String out = run("dgemm.py", "1024");
        Matcher m = DGEMM_1024.matcher(out);
        if (!m.find()) throw new IOException("dgemm.py printed no rate for n = 1024: " + out.strip());
        return Double.parseDouble(m.group(1));
    }

    /**
     * @param config {@code "fno1d"} (s = 1024, width 64, modes 16) or {@code "fno2d"} (s = 85, width 32, modes 12)
     * @return PyTorch's times for that configuration at batch 20
     */
    public TorchTimes torch(String config) throws IOException, InterruptedException {
        String only = requireKnown(config).equals("fno1d") ? "fno1d burgers s=1024" : "fno2d darcy s=85 ";
        String out = run("torch_fno.py", "--dtype", "float64", "--threads", Integer.toString(threads), "--only", only);
        Matcher m = TORCH.matcher(out);
        if (!m.find()) throw new IOException("torch_fno.py printed no timing for " + config + ": " + out.strip());
        return new TorchTimes(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }

    /** @return NumPy's FNO-1D forward time, ms */
    public double numpyForwardMs() throws IOException, InterruptedException {
        String out = run("numpy_fno.py");
        Matcher m = NUMPY.matcher(out);
        if (!m.find()) throw new IOException("numpy_fno.py printed no timing: " + out.strip());
        return Double.parseDouble(m.group(1));
    }

    /**
     * OpenBLAS time of only the matrix products of one training step of {@code config} ({@code "fno1d"} or
     * {@code "fno2d"}, the benchmark's shapes), median and fastest of 15 steps.
     * @param gflopPerStep the products' FLOPs (the truncated DFTs as products, so above the FFT-based model count)
     */
    public record GemmFloor(double gflopPerStep, double medianMs, double minMs) {}

    /** Runs the bundled {@value #FLOOR_SCRIPT} for {@code config} ({@code "fno1d"} or {@code "fno2d"}). */
    public GemmFloor gemmFloor(String config) throws IOException, InterruptedException {
        Path script = Files.createTempFile("neuralop4j-", "-" + FLOOR_SCRIPT);
        try (var in = ReferenceScripts.class.getResourceAsStream(FLOOR_SCRIPT)) {
            if (in == null) throw new IOException(FLOOR_SCRIPT + " is missing from the class path");
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return gemmFloor(config, script);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** {@link #gemmFloor(String)} with the script at {@code script} (tests substitute a stand-in). */
    GemmFloor gemmFloor(String config, Path script) throws IOException, InterruptedException {
        String out = run(script, FLOOR_SCRIPT, "--only", requireKnown(config));
        Matcher m = FLOOR.matcher(out);
        if (!m.find()) throw new IOException(FLOOR_SCRIPT + " printed no timing for " + config + ": " + out.strip());
        return new GemmFloor(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
    }

    /** @return {@code config} if it is one of the benchmark's configurations, {@code "fno1d"} or {@code "fno2d"} */
    private static String requireKnown(String config) {
        if (!config.equals("fno1d") && !config.equals("fno2d"))
            throw new IllegalArgumentException("unknown FNO configuration '" + config + "'");
        return config;
    }

    private String run(String script, String... args) throws IOException, InterruptedException {
        return run(directory.resolve(script), script, args);
    }

    /** Runs {@code scriptPath}; errors call it {@code script}. */
    private String run(Path scriptPath, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, scriptPath.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + python + " for " + script + " (install python3-numpy and python3-torch): "
                    + e.getMessage(), e);
        }
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(script + " did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        String out = new String(bytes, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(script + " failed (exit " + p.exitValue() + "): " + out.strip());
        return out;
    }
}
