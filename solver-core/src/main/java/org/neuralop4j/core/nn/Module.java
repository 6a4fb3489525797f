package org.neuralop4j.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neuralop4j.core.Tensor;

/**
 * A building block that owns named parameters and named submodules, like PyTorch's {@code nn.Module}.
 *
 * <p>Names are hierarchical: a parameter {@code weight} of the submodule registered as {@code 0} inside the
 * submodule {@code layers} is {@code layers.0.weight}. Order is deterministic: a module's own parameters in
 * registration order, then each submodule's in registration order (PyTorch's {@code named_parameters} order), so
 * optimizers and checkpoints see the same sequence on every run.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();

    /**
     * Registers a parameter holding {@code value} (not copied).
     * @throws IllegalArgumentException for an empty name, a name with a dot, or a name already used here
     */
    protected final Parameter registerParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(name, value);
        params.put(name, p);
        return p;
    }

    /** Registers a submodule under {@code name}; returns it for chaining in constructors. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) throw new IllegalArgumentException("submodule '" + name + "' is null");
        if (module == this) throw new IllegalArgumentException("a module cannot contain itself");
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('.') >= 0)
            throw new IllegalArgumentException("module member name must be non-empty without '.', got '" + name + "'");
        if (params.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
    }

    /** @return submodules by local name, in registration order (unmodifiable) */
    public final Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    /** @return every parameter with its hierarchical name, in the deterministic order described above */
    public final LinkedHashMap<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, LinkedHashMap<String, Parameter> out, Set<Parameter> seen) {
        for (Map.Entry<String, Parameter> e : params.entrySet())
            if (seen.add(e.getValue())) out.put(prefix + e.getKey(), e.getValue()); // a shared parameter is listed once
        for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, seen);
    }

    /** @return the parameters in {@link #namedParameters()} order */
    public final List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** @return the total number of scalar parameters */
    public final long numParameters() {
        long n = 0;
        for (Parameter p : namedParameters().values()) n += p.size();
        return n;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Parameter p : namedParameters().values()) p.zeroGrad();
    }

    /** @return copies of all parameter values keyed by hierarchical name, in parameter order */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) out.put(e.getKey(), e.getValue().value().copy());
        return out;
    }

    /**
     * Copies the entries of {@code state} into the parameters (in place). Strict: every parameter must be present
     * with its exact shape and no other key may appear. Nothing is modified when the check fails.
     * @throws IllegalArgumentException listing missing and unexpected keys and wrong shapes
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        LinkedHashMap<String, Parameter> named = namedParameters();
        TreeSet<String> missing = new TreeSet<>(), unexpected = new TreeSet<>();
        List<String> wrongShape = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) missing.add(e.getKey());
            else if (!Arrays.equals(t.shape(), e.getValue().shape()))
                wrongShape.add(e.getKey() + ": expected " + Arrays.toString(e.getValue().shape()) + " but got " + Arrays.toString(t.shape()));
        }
        for (String k : state.keySet()) if (!named.containsKey(k)) unexpected.add(k);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
            StringBuilder sb = new StringBuilder("cannot load state dict into " + getClass().getSimpleName() + ":");
            if (!missing.isEmpty()) sb.append(" missing keys ").append(missing).append(';');
            if (!unexpected.isEmpty()) sb.append(" unexpected keys ").append(unexpected).append(';');
            if (!wrongShape.isEmpty()) sb.append(" wrong shapes ").append(wrongShape).append(';');
            throw new IllegalArgumentException(sb.substring(0, sb.length() - 1));
        }
        for (Map.Entry<String, Parameter> e : named.entrySet()) e.getValue().copyFrom(state.get(e.getKey()));
    }
}
