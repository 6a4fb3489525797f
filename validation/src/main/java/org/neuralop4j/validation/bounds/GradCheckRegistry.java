package org.neuralop4j.validation.bounds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;

/**
 * Named finite-difference gradient checks ({@link GradCheck}: central differences with {@code h = 1e-5} against
 * the back-propagated vector-Jacobian product). Ops and models register a function of {@link Var}s, a supplier of
 * the (seeded) inputs and a tolerance; {@link #runAll()} checks every entry and reports its error, turning an
 * exception into a failed entry rather than aborting the rest.
 */
public final class GradCheckRegistry {
    /** One registered check. */
    private static final class Entry {
        final Function<Var[], Var> f;
        final Supplier<Tensor[]> inputs;
        final double tolerance;

        Entry(Function<Var[], Var> f, Supplier<Tensor[]> inputs, double tolerance) {
            this.f = f;
            this.inputs = inputs;
            this.tolerance = tolerance;
        }
    }

    /** Outcome of one check. */
    public static final class Outcome {
        private final String name;
        private final double maxError;
        private final double tolerance;
        private final String failure;

        Outcome(String name, double maxError, double tolerance, String failure) {
            this.name = name;
            this.maxError = maxError;
            this.tolerance = tolerance;
            this.failure = failure;
        }

        /** @return the registered name */
        public String name() { return name; }

        /** @return the largest relative error over inputs (NaN when the check threw) */
        public double maxError() { return maxError; }

        /** @return the tolerance */
        public double tolerance() { return tolerance; }

        /** @return whether the error is within tolerance and nothing threw */
        public boolean passed() { return failure == null && maxError <= tolerance; }

        /** @return the exception message when the check threw, else null */
        public String failure() { return failure; }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * Registers a check.
     * @param name      unique name (e.g. {@code "fno.spectralConv2d"})
     * @param f         the function of the inputs, built from {@link Var} ops
     * @param inputs    supplies the points at which to check (seeded, so reproducible)
     * @param tolerance largest acceptable relative error (1e-6 is typical for float64 ops)
     * @return this
     */
    public GradCheckRegistry register(String name, Function<Var[], Var> f, Supplier<Tensor[]> inputs, double tolerance) {
        Checks.argument(name != null && !name.isBlank(), "gradient check name must not be blank");
        Checks.positive("tolerance", tolerance);
        if (entries.putIfAbsent(name, new Entry(f, inputs, tolerance)) != null)
            throw new IllegalArgumentException("a gradient check named '" + name + "' is already registered");
        return this;
    }

    /** Registers the vjp of a {@link DifferentiableMap} at a supplied point (see {@link #asOp}). */
    public GradCheckRegistry registerMap(String name, DifferentiableMap map, Supplier<Tensor> point, double tolerance) {
        return register(name, v -> asOp(map, v[0]), () -> new Tensor[] {point.get()}, tolerance);
    }

    /** @return the registered names in registration order */
    public List<String> names() { return new ArrayList<>(entries.keySet()); }

    /** Runs one check by name. */
    public Outcome run(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException("no gradient check named '" + name + "'; registered: " + entries.keySet());
        try {
            GradCheck.Result r = GradCheck.check(e.f, 1e-5, e.inputs.get());
            return new Outcome(name, r.maxError(), e.tolerance, null);
        } catch (RuntimeException ex) {
            return new Outcome(name, Double.NaN, e.tolerance, ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
    }

    /** Runs every check in registration order. */
    public List<Outcome> runAll() {
        List<Outcome> out = new ArrayList<>();
        for (String n : entries.keySet()) out.add(run(n));
        return out;
    }

    /**
     * A {@link DifferentiableMap} as an autodiff op: forward {@code map.apply(x)}, backward
     * {@code map.vjp(x, gradOutput)}. Lets {@link GradCheck} verify any map's vjp against finite differences.
     */
    public static Var asOp(DifferentiableMap map, Var x) {
        Tensor in = x.value();
        return Var.op(map.apply(in), g -> x.accumulateOwned(map.vjp(in, g)), x);
    }
}
