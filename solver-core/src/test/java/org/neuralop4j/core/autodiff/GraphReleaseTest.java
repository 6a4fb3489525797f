package org.neuralop4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class GraphReleaseTest {
    @Test
    void leafGradientsAccumulateAcrossFreshGraphsAndAReusedGraphIsAnError() {
        Var w = Var.leaf(Tensor.vector(1, 2, 3));
        for (int pass = 1; pass <= 2; pass++) {
            Var loss = Ops.sum(Ops.mul(w, w));
            loss.backward();
            assertEquals(Tensor.vector(2 * pass, 4 * pass, 6 * pass), w.grad(), "pass " + pass);
        }
        Var loss = Ops.sum(Ops.mul(w, w));
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("build the graph again"), e.getMessage());
    }

    @Test
    void intermediateValuesBecomeUnreachableDuringTheBackwardPass() throws Exception {
        // a node's output array is referenced by its consumers' backward functions; once they have run and been
        // dropped, only the node itself holds it, and a node nobody references can be collected
        Var x = Var.leaf(Tensor.randn(1, 1000));
        Var hidden = Ops.tanh(x);
        WeakReference<Var> weakHidden = new WeakReference<>(hidden);
        Var loss = Ops.sum(Ops.mul(hidden, hidden));
        hidden = null;
        loss.backward();
        for (int i = 0; i < 20 && weakHidden.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(weakHidden.get(), "the intermediate node is still reachable after backward()");
        assertEquals(1000, x.grad().size());
    }
}
