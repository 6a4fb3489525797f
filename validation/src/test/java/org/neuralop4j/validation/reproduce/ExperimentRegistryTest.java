package org.neuralop4j.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.RunMode;

class ExperimentRegistryTest {
    private static Experiment named(String n, Set<RunMode> modes) {
        return new Experiment() {
            @Override
            public String name() { return n; }

            @Override
            public String description() { return n; }

            @Override
            public Set<RunMode> modes() { return modes; }

            @Override
            public ExperimentResult run(ExperimentContext ctx) { return ExperimentResult.builder(n, n).build(); }
        };
    }

    private static List<String> names(List<Experiment> es) {
        List<String> out = new ArrayList<>();
        for (Experiment e : es) out.add(e.name());
        return out;
    }

    @Test
    void selectionFollowsModeMembershipAndRegistrationOrder() {
        ExperimentRegistry r = new ExperimentRegistry().add(named("a", EnumSet.allOf(RunMode.class)))
                .add(named("b", EnumSet.of(RunMode.FULL))).add(named("c", EnumSet.of(RunMode.QUICK)));
        assertEquals(List.of("a", "c"), names(r.select(RunMode.QUICK, List.of())));
        assertEquals(List.of("a", "b"), names(r.select(RunMode.FULL, null)));
        assertEquals(List.of("a", "b"), names(r.select(RunMode.QUICK, List.of("b", "a"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.select(RunMode.QUICK, List.of("x", "a", "y")));
        assertTrue(e.getMessage().contains("[x, y]") && e.getMessage().contains("registered: a, b, c"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.add(named("a", EnumSet.allOf(RunMode.class))));
    }

    @Test
    void standardRegistryHasUniqueNamesAndEveryExperimentIsInSomeMode() {
        ExperimentRegistry s = ExperimentRegistry.standard();
        for (Experiment e : s.all()) {
            assertTrue(!e.modes().isEmpty(), e.name() + " belongs to no mode");
            assertTrue(e.name().matches("[a-z0-9][a-z0-9-]*"), "name '" + e.name() + "' is not lower-case-with-dashes");
        }
        assertTrue(StandardGradChecks.registry().names().size() >= 10);
    }
}
