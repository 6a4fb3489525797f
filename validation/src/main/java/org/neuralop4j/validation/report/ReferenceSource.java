package org.neuralop4j.validation.report;

/** Where a reference value comes from. */
public enum ReferenceSource {
    /** A number printed in a paper (cite it in the row's note). */
    PAPER("paper"),
    /** A public training log or results file of the original code. */
    PUBLIC_LOG("public log"),
    /** A closed-form value. */
    ANALYTIC("analytic"),
    /** A NumPy/SciPy re-implementation committed with the project. */
    NUMPY("NumPy re-implementation"),
    /** No reference: the metric is reported and bounded only. */
    NONE("-");

    private final String label;

    ReferenceSource(String label) { this.label = label; }

    /** @return the human-readable label used in reports */
    public String label() { return label; }
}
