package org.neuralop4j.validation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatAndBoundTest {
    @Test
    void boundsDecidePassAndNaNNeverPasses() {
        assertTrue(Bound.atMost(1).holds(1));
        assertFalse(Bound.atMost(1).holds(1.0000001));
        assertTrue(Bound.atLeast(0.95).holds(0.95));
        assertFalse(Bound.atLeast(0.95).holds(0.9499));
        assertTrue(Bound.between(1.95, 2.05).holds(2));
        assertFalse(Bound.between(1.95, 2.05).holds(2.1));
        assertFalse(Bound.atMost(1).holds(Double.NaN));
        assertFalse(Bound.atLeast(0).holds(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Bound.between(2, 1));
        assertEquals(">= 0.95", Bound.atLeast(0.95).toString());
        assertEquals("in [1.95, 2.05]", Bound.between(1.95, 2.05).toString());
    }

    @Test
    void numbersKeepEnoughDigitsToNotRoundAFailureAway() {
        assertEquals("0.999999", Format.number(0.9999987));
        assertEquals("1", Format.number(1.0));
        assertEquals("2.91e-16", Format.number(2.91e-16));
        assertEquals("1e-06", Format.number(1e-6));
        assertEquals("-3.1416e+09", Format.number(-3.14159e9));
        assertEquals("NaN", Format.number(Double.NaN));
        assertEquals("-inf", Format.number(Double.NEGATIVE_INFINITY));
        assertEquals("9900.98", Format.number(9900.977948));
    }

    @Test
    void resultFailuresNameTheExperimentMetricAndBound() {
        ExperimentResult r = ExperimentResult.builder("exp", "d")
                .row(MetricRow.of("ok", 1).withBound(Bound.atMost(2)))
                .row(MetricRow.of("bad", 3).withBound(Bound.atMost(2)))
                .row(MetricRow.of("info", 99)).build();
        assertFalse(r.passed());
        assertEquals(List.of("exp: bad = 3 violates <= 2"), r.failures());
        assertEquals("-", r.rows().get(2).status());
        ExperimentResult e = ExperimentResult.failed("boom", "d", new IllegalStateException("no data"), 0.5);
        assertEquals(List.of("boom: IllegalStateException: no data"), e.failures());
    }
}
