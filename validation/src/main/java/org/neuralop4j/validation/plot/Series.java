package org.neuralop4j.validation.plot;

/** One named line of a line plot: points {@code (x[i], y[i])}. */
public final class Series {
    private final String name;
    private final double[] x;
    private final double[] y;

    /**
     * @param name legend label
     * @param x    abscissae (copied)
     * @param y    ordinates (copied), same length as {@code x}
     */
    public Series(String name, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " points but y has " + y.length);
        if (x.length == 0) throw new IllegalArgumentException("series '" + name + "' is empty");
        this.name = name;
        this.x = x.clone();
        this.y = y.clone();
    }

    /** A series over {@code x = 0, 1, ..., n-1} (e.g. per epoch or iteration). */
    public static Series indexed(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return new Series(name, x, y);
    }

    /** @return legend label */
    public String name() { return name; }

    /** @return abscissae (copy) */
    public double[] x() { return x.clone(); }

    /** @return ordinates (copy) */
    public double[] y() { return y.clone(); }
}
