package org.neuralop4j.core.nn;

import java.util.ArrayList;
import java.util.List;

/** An indexed list of submodules, named {@code 0, 1, ...} (PyTorch's {@code nn.ModuleList}). */
public final class ModuleList<M extends Module> extends Module {
    private final List<M> items = new ArrayList<>();

    /** Appends {@code m} under the next index. @return this */
    public ModuleList<M> add(M m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    /** @return the module at {@code i} */
    public M get(int i) { return items.get(i); }

    /** @return the number of modules */
    public int size() { return items.size(); }
}
