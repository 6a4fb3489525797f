package org.neuralop4j.validation.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.validation.bench.GemmBenchmark;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j bench gemm}: GFLOP/s of float64 matrix multiply for our SIMD and portable GEMM and for EJML
 * and netlib-java, all measured in the same run.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = {"Float64 GEMM speed: neuralop4j SIMD and portable kernels vs EJML and netlib-java.",
                "GFLOP/s = 2*batch*m*n*k / fastest repetition after a warm-up, every implementation measured in the "
                        + "same run, for square n x n products and one batched neural-operator shape "
                        + "(a shared weight times a batch of inputs)."})
public final class GemmBenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "256,512,1024,2048",
            description = "square matrix sizes (default: ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(names = "--batched", paramLabel = "BxMxKxN", defaultValue = "20x64x64x1024",
            description = "batched case C_i (MxN) = W (MxK) * X_i (KxN), i < B, or 'none' (default: ${DEFAULT-VALUE})")
    String batched;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads for the neuralop4j pool and EJML's concurrent multiply (default: the pool's setting)")
    Integer threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1.0",
            description = "time budget of the timed repetitions of one implementation on one case (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--json", description = "print exactly one JSON object instead of a table")
    boolean json;

    @Override
    public void run() {
        List<GemmBenchmark.Shape> shapes = new ArrayList<>();
        for (int n : sizes) shapes.add(GemmBenchmark.Shape.square(n));
        GemmBenchmark.Shape batchedShape = parseBatched(batched);
        if (batchedShape != null) shapes.add(batchedShape);
        int t = threads == null ? Parallel.threads() : threads;
        GemmBenchmark.Result r = new GemmBenchmark(shapes, t, seconds).run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(toJson(r, batchedShape == null ? null : batchedShape.toString()));
        else printTable(out, r);
        out.flush();
    }

    static GemmBenchmark.Shape parseBatched(String spec) {
        if (spec == null || spec.equalsIgnoreCase("none")) return null;
        String[] f = spec.toLowerCase(java.util.Locale.ROOT).split("x");
        if (f.length != 4) throw new IllegalArgumentException("--batched must be BxMxKxN (e.g. 20x64x64x1024) or 'none', got '" + spec + "'");
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Integer.parseInt(f[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--batched must be BxMxKxN with integers, got '" + spec + "'");
            }
        }
        return new GemmBenchmark.Shape(v[0], v[1], v[3], v[2], true);
    }

    static String toJson(GemmBenchmark.Result r, String batchedKey) {
        Map<String, Object> bySize = new LinkedHashMap<>(), medians = new LinkedHashMap<>();
        Map<String, Object> batched = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, GemmBenchmark.Rate>> e : r.rates.entrySet()) {
            Map<String, Double> best = new LinkedHashMap<>(), median = new LinkedHashMap<>();
            for (Map.Entry<String, GemmBenchmark.Rate> c : e.getValue().entrySet()) {
                best.put(c.getKey(), round4(c.getValue().best));
                median.put(c.getKey(), round4(c.getValue().median));
            }
            if (e.getKey().equals(batchedKey)) batched.put(e.getKey(), best);
            else bySize.put(e.getKey(), best);
            medians.put(e.getKey(), median);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("sizes", bySize);
        root.put("threads", r.threads);
        if (!batched.isEmpty()) root.put("batched", batched);
        root.put("unit", "GFLOP/s of the fastest repetition (2*batch*m*n*k flops)");
        root.put("median", medians);
        root.put("implementations", r.implementations);
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the benchmark result as JSON", e);
        }
    }

    /** Four significant digits: enough for noisy timings, and tiny rates stay non-zero. */
    private static double round4(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).doubleValue();
    }

    static void printTable(PrintWriter out, GemmBenchmark.Result r) {
        out.printf("GEMM float64, %d thread(s); GFLOP/s = 2*batch*m*n*k / fastest repetition%n", r.threads);
        out.println("case n = n x n times n x n; BxMxKxN = B products (MxK shared weight) x (KxN input)");
        Map<String, GemmBenchmark.Rate> anyRow = r.rates.values().iterator().next();
        String ours = anyRow.containsKey("simd") ? "simd" : "portable";
        StringBuilder header = new StringBuilder(String.format("%-15s", "case"));
        for (String name : anyRow.keySet()) header.append(String.format(" %11s", name));
        header.append(String.format(" %13s %13s", ours + "/ejml", ours + "/netlib"));
        out.println(header);
        for (Map.Entry<String, Map<String, GemmBenchmark.Rate>> e : r.rates.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-15s", e.getKey()));
            for (GemmBenchmark.Rate rate : e.getValue().values()) line.append(String.format(" %11.2f", rate.best));
            double o = e.getValue().get(ours).best;
            line.append(String.format(" %13.2f %13.2f", o / e.getValue().get("ejml").best, o / e.getValue().get("netlib").best));
            out.println(line);
        }
        for (Map.Entry<String, String> e : r.implementations.entrySet())
            out.printf("  %-11s %s%n", e.getKey(), e.getValue());
    }
}
