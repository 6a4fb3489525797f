package org.neuralop4j.validation.cli;

import java.util.Collection;

/**
 * The layout of the files {@code neuralop4j generate} writes for field problems: input {@code a} and target
 * {@code u}, channels first ({@code (N, C, s..)}), the grid as {@code x}. The training and evaluation commands read
 * such files as they are, so generating data and training on it needs no options about array names.
 */
final class GeneratedLayout {
    private GeneratedLayout() {}

    static final String INPUT = "a", TARGET = "u";

    /**
     * Whether an archive with these array names is in this layout rather than the {@code x}/{@code y} one: it has no
     * {@code y}, but an {@code a} and a {@code u} (its {@code x} is then the grid, not the input).
     */
    static boolean matches(Collection<String> names) {
        return !names.contains("y") && names.contains(INPUT) && names.contains(TARGET);
    }
}
