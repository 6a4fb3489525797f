package org.neuralop4j.validation.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.validation.bench.GemmBenchmark;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j bench gemm}: GFLOP/s of square float64 matrix multiply for our SIMD and portable GEMM and
 * for EJML and netlib-java, all measured in the same run.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = {"Square float64 GEMM C = A*B: GFLOP/s (2n^3 / fastest repetition after a warm-up) of the",
                "neuralop4j SIMD and portable kernels, EJML and netlib-java, measured in one run."})
public final class GemmBenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "N[,N...]", description = "matrix sizes (default: ${DEFAULT-VALUE})",
            defaultValue = "256,512,1024,2048")
    int[] sizes;

    @Option(names = "--threads", paramLabel = "N", description = "threads for the neuralop4j pool and EJML's concurrent multiply (default: the pool's current setting)")
    Integer threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1.0",
            description = "time budget of the timed repetitions of one implementation at one size (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--json", description = "print exactly one JSON object instead of a table")
    boolean json;

    @Override
    public void run() {
        int t = threads == null ? Parallel.threads() : threads;
        GemmBenchmark.Result r = new GemmBenchmark(sizes, t, seconds).run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(toJson(r));
        else printTable(out, r);
        out.flush();
    }

    static String toJson(GemmBenchmark.Result r) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> bySize = new LinkedHashMap<>();
        Map<String, Object> medians = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, GemmBenchmark.Rate>> e : r.rates.entrySet()) {
            Map<String, Double> best = new LinkedHashMap<>(), median = new LinkedHashMap<>();
            for (Map.Entry<String, GemmBenchmark.Rate> c : e.getValue().entrySet()) {
                best.put(c.getKey(), round2(c.getValue().best));
                median.put(c.getKey(), round2(c.getValue().median));
            }
            bySize.put(String.valueOf(e.getKey()), best);
            medians.put(String.valueOf(e.getKey()), median);
        }
        root.put("sizes", bySize);
        root.put("threads", r.threads);
        root.put("unit", "GFLOP/s, fastest repetition");
        root.put("median", medians);
        root.put("implementations", r.implementations);
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the benchmark result as JSON", e);
        }
    }

    private static double round2(double x) {
        return Math.round(x * 100) / 100.0;
    }

    static void printTable(PrintWriter out, GemmBenchmark.Result r) {
        out.printf("GEMM C = A*B, n x n float64, %d thread(s); GFLOP/s = 2n^3 / fastest repetition%n", r.threads);
        Map<String, GemmBenchmark.Rate> anyRow = r.rates.values().iterator().next();
        boolean simd = anyRow.containsKey("simd");
        String ours = simd ? "simd" : "portable";
        StringBuilder header = new StringBuilder(String.format("%6s", "n"));
        for (String name : anyRow.keySet()) header.append(String.format(" %11s", name));
        header.append(String.format(" %13s %13s", ours + "/ejml", ours + "/netlib"));
        out.println(header);
        for (Map.Entry<Integer, Map<String, GemmBenchmark.Rate>> e : r.rates.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%6d", e.getKey()));
            for (GemmBenchmark.Rate rate : e.getValue().values()) line.append(String.format(" %11.2f", rate.best));
            double o = e.getValue().get(ours).best;
            line.append(String.format(" %13.2f %13.2f", o / e.getValue().get("ejml").best, o / e.getValue().get("netlib").best));
            out.println(line);
        }
        for (Map.Entry<String, String> e : r.implementations.entrySet())
            out.printf("  %-11s %s%n", e.getKey(), e.getValue());
    }
}
