package org.neuralop4j.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.Parameter;

/** Shared bookkeeping: the parameter list, the learning rate, per-parameter step counts and buffers. */
abstract class AbstractOptimizer implements Optimizer {
    final List<Parameter> params;
    final long[] steps;
    double lr;

    AbstractOptimizer(List<Parameter> params, double lr) {
        if (params == null || params.isEmpty()) throw new IllegalArgumentException("optimizer needs at least one parameter");
        this.params = new ArrayList<>(params);
        this.steps = new long[params.size()];
        setLearningRate(lr);
    }

    @Override
    public List<Parameter> parameters() { return new ArrayList<>(params); }

    @Override
    public double learningRate() { return lr; }

    @Override
    public void setLearningRate(double lr) { this.lr = Checks.nonNegative("lr", lr); }

    /** Names of the per-parameter buffers ("exp_avg", ...), in save order. */
    abstract String[] bufferNames();

    /** Buffer {@code b} of parameter {@code i}, or null when not yet allocated. */
    abstract double[] buffer(int b, int i);

    /** Installs a buffer (on load). */
    abstract void setBuffer(int b, int i, double[] data);

    @Override
    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", Tensor.scalar(lr));
        String[] names = bufferNames();
        for (int i = 0; i < params.size(); i++) {
            out.put("param." + i + ".step", Tensor.scalar(steps[i]));
            for (int b = 0; b < names.length; b++) {
                double[] buf = buffer(b, i);
                if (buf != null) out.put("param." + i + "." + names[b], Tensor.of(buf, params.get(i).shape()));
            }
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Tensor lrT = require(state, "lr", new int[0]);
        String[] names = bufferNames();
        long[] newSteps = new long[params.size()];
        double[][][] newBufs = new double[names.length][params.size()][];
        for (int i = 0; i < params.size(); i++) {
            double s = require(state, "param." + i + ".step", new int[0]).item();
            if (!(s >= 0) || s != Math.rint(s)) throw new IllegalArgumentException("optimizer state param." + i + ".step must be a non-negative integer, got " + s);
            newSteps[i] = (long) s;
            for (int b = 0; b < names.length; b++) {
                String key = "param." + i + "." + names[b];
                Tensor t = state.get(key);
                if (t == null) {
                    if (newSteps[i] > 0 && bufferRequiredAfterStep(b))
                        throw new IllegalArgumentException("optimizer state is missing '" + key + "'");
                    continue;
                }
                if (!Arrays.equals(t.shape(), params.get(i).shape()))
                    throw new IllegalArgumentException("optimizer state '" + key + "' has shape " + Arrays.toString(t.shape())
                            + " but parameter " + i + " has shape " + Arrays.toString(params.get(i).shape()));
                newBufs[b][i] = t.data().clone();
            }
        }
        for (String k : state.keySet())
            if (!k.equals("lr") && !isKnownKey(k, names)) throw new IllegalArgumentException("unexpected optimizer state entry '" + k + "'");
        setLearningRate(lrT.item());
        System.arraycopy(newSteps, 0, steps, 0, steps.length);
        for (int b = 0; b < names.length; b++) for (int i = 0; i < params.size(); i++) setBuffer(b, i, newBufs[b][i]);
    }

    /** Whether buffer {@code b} must exist once a parameter has taken a step. */
    boolean bufferRequiredAfterStep(int b) { return true; }

    private boolean isKnownKey(String k, String[] names) {
        for (int i = 0; i < params.size(); i++) {
            if (k.equals("param." + i + ".step")) return true;
            for (String n : names) if (k.equals("param." + i + "." + n)) return true;
        }
        return false;
    }

    private static Tensor require(Map<String, Tensor> state, String key, int[] shape) {
        Tensor t = state.get(key);
        if (t == null) throw new IllegalArgumentException("optimizer state is missing '" + key + "'");
        if (!Arrays.equals(t.shape(), shape) && !(shape.length == 0 && t.size() == 1))
            throw new IllegalArgumentException("optimizer state '" + key + "' has shape " + Arrays.toString(t.shape()) + ", expected a scalar");
        return t;
    }
}
