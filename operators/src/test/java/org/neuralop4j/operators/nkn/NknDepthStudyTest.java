package org.neuralop4j.operators.nkn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.nn.Activation;

class NknDepthStudyTest {
    /** Shallow-to-deep training on the public Burgers set: the test error at depth 32 is at most 1.1 times that at depth 4. */
    @Test
    void errorDoesNotGrowWithDepth() throws Exception {
        assertTrue(PublicData.isAvailable(), "public data sets not found (they ship in data/neural-operators)");
        LabeledData train = NknDepthStudy.burgersFinalTime(Split.TRAIN, 32), test = NknDepthStudy.burgersFinalTime(Split.TEST, 32);
        NknConfig c = new NknConfig(1, 1, 8, new int[] {4}, 4, 1.0, 8, false, true, 16, Activation.GELU, 3);
        List<NknDepthStudy.Row> rows = NknDepthStudy.run(c, new int[] {4, 8, 16, 32}, 30, 3e-3, train, test, false);
        for (NknDepthStudy.Row r : rows) assertTrue(r.nknFinite(), "depth " + r.depth() + " stays finite: " + r);
        double e4 = rows.get(0).nknTestError(), e32 = rows.get(3).nknTestError();
        assertTrue(e4 < 0.9, "training reduced the error at depth 4: " + rows);
        assertTrue(e32 <= 1.1 * e4, "error at depth 32 (" + e32 + ") vs depth 4 (" + e4 + "): " + rows);
    }
}
