package org.neuralop4j.operators.gno;

import java.util.Arrays;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * The ball neighbourhoods {@code B(x_i, r) = { j : |x_j - x_i| <= r }} of a point set (each point is its own
 * neighbour), in compressed sparse row form: the neighbours of point {@code i} are
 * {@code cols[rowStart[i] .. rowStart[i+1])}, sorted ascending. Edge {@code e} goes from {@code i} (the receiving
 * point) to {@code cols[e]}. The relation is symmetric, and {@link #reverse(int)} gives the index of edge
 * {@code (j, i)} for edge {@code (i, j)}, which the adjoint of the kernel integral uses.
 *
 * <p>Built in {@code O(n + E)} with a cell grid: points are bucketed (counting sort) into cubes of side {@code r}
 * over their bounding box, and each point scans only the {@code 3^d} cells around its own, never all pairs. The
 * result does not depend on the thread count.
 */
public final class RadiusGraph {
    private final int n, d;
    private final double radius;
    private final int[] rowStart, cols, reverse;

    private RadiusGraph(int n, int d, double radius, int[] rowStart, int[] cols, int[] reverse) {
        this.n = n;
        this.d = d;
        this.radius = radius;
        this.rowStart = rowStart;
        this.cols = cols;
        this.reverse = reverse;
    }

    /**
     * @param points {@code (n, d)} coordinates, {@code 1 <= d <= 3}
     * @param radius ball radius {@code r > 0}
     */
    public static RadiusGraph build(Tensor points, double radius) {
        if (points.rank() != 2 || points.dim(1) < 1 || points.dim(1) > 3)
            throw new ShapeMismatchException("points", "(n, d) with d in 1..3", points.shape());
        if (!(radius > 0) || Double.isInfinite(radius)) throw new IllegalArgumentException("radius must be positive and finite, got " + radius);
        if (!points.isFinite()) throw new IllegalArgumentException("points must be finite");
        int n = points.dim(0), d = points.dim(1);
        double[] p = points.data();
        double[] lo = new double[d], hi = new double[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) {
                lo[k] = Math.min(lo[k], p[i * d + k]);
                hi[k] = Math.max(hi[k], p[i * d + k]);
            }
        int[] cellsPerAxis = new int[d];
        long totalCells = 1;
        for (int k = 0; k < d; k++) {
            double span = n == 0 ? 0 : hi[k] - lo[k];
            cellsPerAxis[k] = (int) Math.min(1 << 20, Math.max(1, (long) Math.floor(span / radius) + 1));
            totalCells *= cellsPerAxis[k];
        }
        if (totalCells > Math.max(16L * n, 1 << 16)) { // a tiny radius over a wide box: coarsen (still correct, only slower)
            double scale = Math.pow((double) totalCells / Math.max(16L * n, 1 << 16), 1.0 / d);
            totalCells = 1;
            for (int k = 0; k < d; k++) {
                cellsPerAxis[k] = Math.max(1, (int) (cellsPerAxis[k] / scale));
                totalCells *= cellsPerAxis[k];
            }
        }
        double[] cellSize = new double[d];
        for (int k = 0; k < d; k++) cellSize[k] = Math.max(radius, (n == 0 ? 0 : hi[k] - lo[k]) / cellsPerAxis[k] * (1 + 1e-12));
        int cells = (int) totalCells;
        int[] cellOf = new int[n];
        int[] cellStart = new int[cells + 1];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = 0; k < d; k++) {
                int ck = Math.min(cellsPerAxis[k] - 1, (int) ((p[i * d + k] - lo[k]) / cellSize[k]));
                c = c * cellsPerAxis[k] + ck;
            }
            cellOf[i] = c;
            cellStart[c + 1]++;
        }
        for (int c = 0; c < cells; c++) cellStart[c + 1] += cellStart[c];
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(cellStart, cells);
        for (int i = 0; i < n; i++) members[fill[cellOf[i]]++] = i; // ascending within each cell

        double r2 = radius * radius;
        int[] degree = new int[n];
        int grain = Math.max(1, Parallel.grainFor(n, 64L * d));
        Parallel.forRange(n, grain, (i0, i1) -> {
            for (int i = i0; i < i1; i++) degree[i] = scan(i, p, d, r2, cellOf[i], cellsPerAxis, cellStart, members, null, 0);
        });
        int[] rowStart = new int[n + 1];
        for (int i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + degree[i];
        int[] cols = new int[rowStart[n]];
        Parallel.forRange(n, grain, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                scan(i, p, d, r2, cellOf[i], cellsPerAxis, cellStart, members, cols, rowStart[i]);
                Arrays.sort(cols, rowStart[i], rowStart[i + 1]);
            }
        });
        int[] reverse = new int[cols.length];
        Parallel.forRange(n, grain, (i0, i1) -> {
            for (int i = i0; i < i1; i++)
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    int j = cols[e];
                    reverse[e] = Arrays.binarySearch(cols, rowStart[j], rowStart[j + 1], i);
                }
        });
        return new RadiusGraph(n, d, radius, rowStart, cols, reverse);
    }

    /** Visits the cells around {@code home}; counts (when {@code out == null}) or writes the neighbours of {@code i}. */
    private static int scan(int i, double[] p, int d, double r2, int home, int[] cellsPerAxis, int[] cellStart, int[] members,
                            int[] out, int at) {
        int[] hc = new int[d];
        for (int k = d - 1, c = home; k >= 0; k--) {
            hc[k] = c % cellsPerAxis[k];
            c /= cellsPerAxis[k];
        }
        int count = 0;
        int total = 1;
        for (int k = 0; k < d; k++) total *= 3;
        for (int t = 0; t < total; t++) {
            int c = 0, code = t;
            boolean inside = true;
            for (int k = 0; k < d; k++) {
                int ck = hc[k] + (code % 3) - 1;
                code /= 3;
                if (ck < 0 || ck >= cellsPerAxis[k]) {
                    inside = false;
                    break;
                }
                c = c * cellsPerAxis[k] + ck;
            }
            if (!inside) continue;
            for (int m = cellStart[c]; m < cellStart[c + 1]; m++) {
                int j = members[m];
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = p[i * d + k] - p[j * d + k];
                    s += diff * diff;
                }
                if (s <= r2) {
                    if (out != null) out[at + count] = j;
                    count++;
                }
            }
        }
        return count;
    }

    /** @return the number of points */
    public int nodes() { return n; }

    /** @return the dimension of the points */
    public int dimension() { return d; }

    /** @return the radius */
    public double radius() { return radius; }

    /** @return the number of (directed) edges, self-loops included */
    public int edges() { return cols.length; }

    /** @return the first edge of point {@code i}; its edges are {@code [rowStart(i), rowStart(i+1))} */
    public int rowStart(int i) { return rowStart[i]; }

    /** @return the neighbour an edge points to */
    public int col(int e) { return cols[e]; }

    /** @return the index of the reverse edge */
    public int reverse(int e) { return reverse[e]; }

    /** @return the number of neighbours of {@code i} (at least 1: itself) */
    public int degree(int i) { return rowStart[i + 1] - rowStart[i]; }

    /** @return for every edge, its receiving point {@code i} */
    public int[] rows() {
        int[] r = new int[cols.length];
        for (int i = 0; i < n; i++) Arrays.fill(r, rowStart[i], rowStart[i + 1], i);
        return r;
    }

    /** @return the column array (shared; do not modify) */
    int[] colsArray() { return cols; }

    /** @return the row-start array (shared; do not modify) */
    int[] rowStartArray() { return rowStart; }

    /** @return the reverse-edge array (shared; do not modify) */
    int[] reverseArray() { return reverse; }
}
