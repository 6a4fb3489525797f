package org.neuralop4j.validation.report;

/** How thorough a reproduction run is. */
public enum RunMode {
    /** Minutes on a laptop: small sizes, few seeds. The default of {@code neuralop4j reproduce}. */
    QUICK,
    /** The full-size runs behind published figures. */
    FULL
}
