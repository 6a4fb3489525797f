package org.neuralop4j.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neuralop4j.core.Tensor;

/**
 * An {@link ActivationHook} that leaves the forward pass unchanged and records, for inspection, the sites in the
 * order they were called and a copy of the last activation seen at each.
 */
public final class ActivationRecorder implements ActivationHook {
    private final List<String> order = new ArrayList<>();
    private final Map<String, Tensor> seen = new LinkedHashMap<>();

    @Override
    public Tensor apply(String site, Tensor activation) {
        order.add(site);
        seen.put(site, activation.copy());
        return activation;
    }

    /** @return every call's site, in call order (read-only view) */
    public List<String> order() { return Collections.unmodifiableList(order); }

    /** @return the last activation recorded at {@code site}, or {@code null} */
    public Tensor at(String site) { return seen.get(site); }
}
