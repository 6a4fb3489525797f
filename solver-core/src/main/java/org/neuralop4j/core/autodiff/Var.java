package org.neuralop4j.core.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * A node of a reverse-mode autodiff graph: a value, its accumulated gradient, and how to push a gradient
 * back to the nodes it was computed from.
 *
 * <p>Ops create nodes with {@link #op}: given the output value, the parents and a {@link Backward} that receives
 * the output's gradient and calls {@link #accumulate} on each parent that {@link #requiresGrad()}. When no parent
 * needs a gradient, or inside {@link GradMode#noGrad()}, no graph is recorded.
 *
 * <p>{@link #backward()} runs the vector-Jacobian products in reverse topological order. Gradients of leaves
 * (parameters and inputs created with {@link #leaf}) accumulate across calls until {@link #zeroGrad()};
 * gradients of intermediate nodes are released once they have been propagated, to bound memory. So are the
 * graph's links: each op node drops its backward function and its parents once it has run (like PyTorch without
 * {@code retain_graph}), so the arrays only the backward pass needed become garbage while the pass proceeds and the
 * peak memory of a training step stays near the activations themselves. Calling {@code backward} a second time
 * through the same op nodes is an error; build the graph again.
 */
public final class Var {
    /** Pushes the gradient of an op's output into its parents. */
    @FunctionalInterface
    public interface Backward {
        /** @param gradOutput gradient of the loss with respect to this op's output (do not modify) */
        void apply(Tensor gradOutput);
    }

    private final Tensor value;
    private final boolean requiresGrad;
    private Var[] parents;
    private Backward backward;
    private final String name;
    private Tensor grad;

    private Var(Tensor value, boolean requiresGrad, Var[] parents, Backward backward, String name) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.parents = parents;
        this.backward = backward;
        this.name = name;
    }

    /** A constant: no gradient is ever computed for it. */
    public static Var constant(Tensor value) { return new Var(value, false, new Var[0], null, null); }

    /** A leaf that collects a gradient (a parameter, or an input whose sensitivity is wanted). */
    public static Var leaf(Tensor value) { return new Var(value, true, new Var[0], null, null); }

    /** A named leaf, e.g. a module parameter. */
    public static Var leaf(Tensor value, String name) { return new Var(value, true, new Var[0], null, name); }

    /**
     * Records an op's result. The node requires a gradient when grad mode is on and any parent does.
     * @param value    the op's output
     * @param backward vector-Jacobian product, called at most once per {@link #backward()} pass
     * @param parents  the op's inputs
     */
    public static Var op(Tensor value, Backward backward, Var... parents) {
        boolean needs = false;
        if (GradMode.isEnabled()) for (Var p : parents) needs |= p.requiresGrad;
        return needs ? new Var(value, true, parents.clone(), backward, null) : new Var(value, false, new Var[0], null, null);
    }

    /**
     * Whether {@link #op} with these parents would record a graph (grad mode on and a parent requiring a
     * gradient): lets an op skip work that only its backward pass needs.
     */
    public static boolean recordsGraph(Var... parents) {
        if (!GradMode.isEnabled()) return false;
        for (Var p : parents) if (p != null && p.requiresGrad) return true;
        return false;
    }

    /** @return the value (shared, not copied) */
    public Tensor value() { return value; }

    /** @return the accumulated gradient, or {@code null} when none has been computed */
    public Tensor grad() { return grad; }

    /** @return whether gradients flow to this node */
    public boolean requiresGrad() { return requiresGrad; }

    /** @return the name given to a leaf, or {@code null} */
    public String name() { return name; }

    /** @return the shape of the value */
    public int[] shape() { return value.shape(); }

    /** @return true for nodes not produced by an op */
    public boolean isLeaf() { return backward == null; }

    /** Adds {@code g} to this node's gradient (ignored when the node does not require one). */
    public void accumulate(Tensor g) {
        if (!requiresGrad) return;
        if (!Arrays.equals(g.shape(), value.shape()))
            throw new ShapeMismatchException("gradient", Arrays.toString(value.shape()), g.shape());
        if (grad == null) grad = g.copy();
        else grad.addInPlace(g);
    }

    /** Adds {@code g} (owned by the caller, handed over without a copy) to this node's gradient. */
    public void accumulateOwned(Tensor g) {
        if (!requiresGrad) return;
        if (!Arrays.equals(g.shape(), value.shape()))
            throw new ShapeMismatchException("gradient", Arrays.toString(value.shape()), g.shape());
        if (grad == null) grad = g;
        else grad.addInPlace(g);
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() { grad = null; }

    /** Back-propagates from a scalar (one-element) node with seed 1. */
    public void backward() {
        if (value.size() != 1) throw new ShapeMismatchException("backward() root", "one element (a scalar loss)", value.shape());
        backward(Tensor.ones(value.shape()));
    }

    /** Back-propagates the given output gradient (same shape as the value). */
    public void backward(Tensor seed) {
        if (!requiresGrad) throw new IllegalStateException("backward() on a node that does not require a gradient "
                + "(no parameter or leaf input in its graph, or it was built under GradMode.noGrad())");
        if (backward == RELEASED) throw released();
        List<Var> order = topologicalOrder();
        accumulate(seed);
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            order.set(i, null); // processed: nothing below needs this node any more
            if (v.backward == null) continue; // a leaf keeps its gradient
            if (v.backward == RELEASED) throw released();
            if (v.grad != null) v.backward.apply(v.grad);
            v.grad = null; // intermediate gradients are not kept
            v.backward = RELEASED;
            v.parents = NO_PARENTS;
        }
    }

    /** Marks an op node whose backward function has run and been dropped. */
    private static final Backward RELEASED = g -> { throw released(); };
    private static final Var[] NO_PARENTS = new Var[0];

    private static IllegalStateException released() {
        return new IllegalStateException("backward() through a graph that was already back-propagated: its nodes release "
                + "their backward functions as the pass runs (as PyTorch does without retain_graph); build the graph again");
    }

    /** Nodes reachable from this one (requiring gradients), parents before children. */
    private List<Var> topologicalOrder() {
        List<Var> order = new ArrayList<>();
        Map<Var, Boolean> visited = new IdentityHashMap<>();
        Deque<Var> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        stack.push(this);
        next.push(0);
        visited.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Var v = stack.peek();
            int i = next.pop();
            if (i < v.parents.length) {
                next.push(i + 1);
                Var p = v.parents[i];
                if (p.requiresGrad && visited.put(p, Boolean.TRUE) == null) {
                    stack.push(p);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }

    @Override
    public String toString() {
        return "Var" + (name == null ? "" : "(" + name + ")") + Arrays.toString(value.shape()) + (requiresGrad ? " requiresGrad" : "");
    }
}
