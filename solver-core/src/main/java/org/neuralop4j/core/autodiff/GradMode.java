package org.neuralop4j.core.autodiff;

/**
 * Whether ops record a graph. Inference runs inside {@code try (var g = GradMode.noGrad()) { ... }}, which
 * builds no graph and keeps no activations. The mode is per thread.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {}

    /** @return whether ops on this thread record a graph */
    public static boolean isEnabled() { return ENABLED.get(); }

    /** A scope with recording switched off, restoring the previous mode on close. */
    public static Scope noGrad() {
        boolean previous = ENABLED.get();
        ENABLED.set(Boolean.FALSE);
        return () -> ENABLED.set(previous);
    }

    /** A closable scope that does not throw checked exceptions. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
