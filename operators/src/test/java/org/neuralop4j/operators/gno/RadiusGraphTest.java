package org.neuralop4j.operators.gno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;

class RadiusGraphTest {
    private static List<Integer> bruteForce(Tensor p, int i, double r) {
        int n = p.dim(0), d = p.dim(1);
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double diff = p.get(i, k) - p.get(j, k);
                s += diff * diff;
            }
            if (s <= r * r) out.add(j);
        }
        return out;
    }

    private static void assertMatchesBruteForce(Tensor p, double r) {
        RadiusGraph g = RadiusGraph.build(p, r);
        int[] rows = g.rows();
        int edges = 0;
        for (int i = 0; i < p.dim(0); i++) {
            List<Integer> expected = bruteForce(p, i, r);
            List<Integer> got = new ArrayList<>();
            for (int e = g.rowStart(i); e < g.rowStart(i + 1); e++) {
                got.add(g.col(e));
                int rev = g.reverse(e);
                assertEquals(i, g.col(rev), "reverse edge");
                assertEquals(g.col(e), rows[rev], "reverse edge row");
            }
            assertEquals(expected, got, "neighbours of " + i);
            edges += expected.size();
        }
        assertEquals(edges, g.edges());
    }

    @Test
    void neighbourhoodsEqualAllPairsSearchIn1To3Dimensions() {
        for (int d = 1; d <= 3; d++) {
            Tensor p = Tensor.rand(d, -1, 2, 300, d);
            for (double r : new double[] {0.05, 0.3, 5.0}) assertMatchesBruteForce(p, r);
        }
    }

    @Test
    void gridPointsExactlyAtTheRadiusAreNeighbours() {
        int s = 9;
        Tensor p = Tensor.zeros(s * s, 2);
        for (int i = 0; i < s; i++)
            for (int j = 0; j < s; j++) {
                p.set(i / 8.0, i * s + j, 0);
                p.set(j / 8.0, i * s + j, 1);
            }
        assertMatchesBruteForce(p, 0.25);
        RadiusGraph g = RadiusGraph.build(p, 0.125);
        assertEquals(5, g.degree(4 * s + 4)); // interior point: itself and its four axis neighbours
        assertEquals(3, g.degree(0));
    }

    @Test
    void tinyRadiusOnAWideBoxAndDuplicatePoints() {
        Tensor p = Tensor.rand(4, 0, 1e6, 200, 2);
        p.set(p.get(3, 0), 5, 0);
        p.set(p.get(3, 1), 5, 1);
        assertMatchesBruteForce(p, 1e-3);
        assertEquals(2, RadiusGraph.build(p, 1e-3).degree(3));
    }

    @Test
    void identicalForOneAndTwoThreads() {
        Tensor p = Tensor.rand(5, 0, 1, 2000, 2);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            RadiusGraph a = RadiusGraph.build(p, 0.05);
            Parallel.setThreads(2);
            RadiusGraph b = RadiusGraph.build(p, 0.05);
            assertArrayEquals(a.colsArray(), b.colsArray());
            assertArrayEquals(a.rowStartArray(), b.rowStartArray());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RadiusGraph.build(Tensor.zeros(3, 2), 0));
        assertThrows(RuntimeException.class, () -> RadiusGraph.build(Tensor.zeros(3, 4), 1));
    }
}
