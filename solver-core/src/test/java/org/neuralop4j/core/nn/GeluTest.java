package org.neuralop4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.numbers.gamma.Erfc;
import org.junit.jupiter.api.Test;

class GeluTest {
    /** {x, GELU(x), GELU'(x)} in 50-digit arithmetic (mpmath: x erfc(-x / sqrt 2) / 2 and Phi + x phi), rounded to 20 digits. */
    private static final double[][] EXACT = {
            {-10.0, -7.619853024160526066e-23, -7.6184000964648140857e-22},
            {-9.99, -8.4206581132426293833e-23, -8.4106271533477093939e-22},
            {-9.5, -9.9697893215944771182e-21, -9.4690934738313833185e-20},
            {-8.5, -8.057604598872820601e-17, -6.84650493869708435e-16},
            {-7.3, -1.0503522058550389577e-12, -7.662617782409644203e-12},
            {-6.0, -5.9195258702261888442e-9, -3.5468709453902014781e-8},
            {-5.2, -5.1815016848054054853e-7, -2.6880941160734256268e-6},
            {-4.0, -1.2668496733247968502e-4, -5.0364966122642148584e-4},
            {-3.3, -1.5952996698664656876e-3, -5.2010533564933699861e-3},
            {-2.5, -1.5524163314440337917e-2, -3.7611085908145208238e-2},
            {-1.7, -7.576128668952317225e-2, -1.1531796878216473361e-1},
            {-1.0, -1.5865525393145705141e-1, -8.3315470587686298383e-2},
            {-0.7517915243, -1.6997120747990366166e-1, 1.6982071711984472445e-10},
            {-0.5, -1.5426876936299344818e-1, 1.3250487534383715747e-1},
            {-0.25, -1.0032341857926906894e-1, 3.0462664511636397402e-1},
            {-0.001, -4.9960105778608894781e-4, 4.9920211570515859505e-1},
            {-1e-08, -4.9999999601057720645e-9, 4.9999999202115439197e-1},
            {0.0, 0.0, 5.0e-1},
            {1e-08, 5.0000000398942281448e-9, 5.0000000797884560803e-1},
            {0.001, 5.0039894221391107301e-4, 5.0079788429484140495e-1},
            {0.3, 1.8537342665668578306e-1, 7.323277668271098549e-1},
            {0.66, 4.9194623631691817233e-1, 9.571431958176377142e-1},
            {1.0, 8.4134474606854294859e-1, 1.0833154705876862984},
            {1.5, 1.399789198096712901, 1.1274691922299795254},
            {2.0, 1.9544997361036415856, 1.0852318010781968967},
            {3.0, 2.9959503059051097164, 1.011945647204183927},
            {4.25, 4.2499545737654565287, 1.0001921156795251866},
            {5.5, 5.4999998955574064376, 1.000000573347239874},
            {6.6, 6.5999999998643175767, 1.0000000008946509071},
            {8.0, 7.9999999999999950232, 1.0000000000000397961},
            {9.75, 9.75, 1.0},
            {10.0, 1.0e+1, 1.0},
    };

    /** GELU'(x) is a sum of terms that cancel near x = -0.75; its error is relative to the sum of their sizes. */
    private static double derivativeScale(double x, double gelu) {
        double phi = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
        return (x == 0 ? 0.5 : Math.abs(gelu / x)) + Math.abs(x) * phi;
    }

    @Test
    void matchesFiftyDigitValues() {
        for (double[] r : EXACT) {
            double x = r[0];
            assertEquals(r[1], Gelu.value(x), 2e-15 * Math.abs(r[1]), () -> "GELU(" + x + ")");
            assertEquals(r[2], Gelu.derivative(x), 2e-15 * derivativeScale(x, r[1]), () -> "GELU'(" + x + ")");
        }
    }

    @Test
    void matchesCommonsErfcOnADenseGrid() {
        // an independent double-precision reference: Phi(x) = erfc(-x / sqrt 2) / 2, good to a few ulp of its
        // rounded argument, hence the x^2 eps term
        for (double x = -10; x <= 10; x += 0.00137) {
            double cdf = 0.5 * Erfc.value(-x / Math.sqrt(2)), pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            double tol = 4e-15 + x * x * 2.3e-16;
            assertEquals(x * cdf, Gelu.value(x), tol * Math.abs(x * cdf), "GELU at " + x);
            assertEquals(cdf + x * pdf, Gelu.derivative(x), tol * (cdf + Math.abs(x) * pdf), "GELU' at " + x);
        }
    }

    @Test
    void derivativeMatchesDifferenceQuotient() {
        for (double x = -9; x <= 9; x += 0.173) {
            double h = 1e-5, fd = (Gelu.value(x + h) - Gelu.value(x - h)) / (2 * h);
            assertEquals(fd, Gelu.derivative(x), 1e-9, "x = " + x);
        }
    }

    @Test
    void tailsAndSpecialValues() {
        assertEquals(0.0, Gelu.value(-10.5));
        assertEquals(0.0, Gelu.derivative(-10.5));
        assertEquals(0.0, Gelu.value(Double.NEGATIVE_INFINITY));
        assertEquals(12.0, Gelu.value(12.0));
        assertEquals(1.0, Gelu.derivative(12.0));
        assertEquals(Double.POSITIVE_INFINITY, Gelu.value(Double.POSITIVE_INFINITY));
        assertEquals(1.0, Gelu.derivative(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(Gelu.value(Double.NaN)));
        assertTrue(Double.isNaN(Gelu.derivative(Double.NaN)));
        assertEquals(0.5, Gelu.derivative(-0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Gelu.value(-0.0)));
        // below, bits are compared with doubleToLongBits, which folds every NaN into one: a NaN's payload and sign
        // are the hardware's choice, not a result
    }

    /** Random values over [-12, 12] with the special ones mixed in, at odd offsets and lengths. */
    private static double[] inputs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 10.0, -10.0,
                Math.nextUp(10.0), Math.nextDown(-10.0), 1e-300, -1e-300};
        for (int i = 0; i < n; i++) x[i] = i % 17 == 5 ? special[(i / 17) % special.length] : r.nextDouble(-12, 12);
        return x;
    }

    @Test
    void bulkLoopsGiveTheScalarBitsWhateverTheRange() {
        double[] x = inputs(1003, 7);
        for (int[] range : new int[][] {{0, 1003}, {3, 1000}, {5, 12}, {7, 8}, {9, 9}}) {
            int from = range[0], to = range[1];
            double[] y = x.clone(), v = x.clone(), d = new double[x.length];
            Gelu.values(x, y, from, to);
            Gelu.valuesAndDerivatives(v, d, from, to);
            for (int i = 0; i < x.length; i++) {
                boolean inside = i >= from && i < to;
                long value = Double.doubleToLongBits(inside ? Gelu.value(x[i]) : x[i]);
                assertEquals(value, Double.doubleToLongBits(y[i]), "values at " + i + " of " + from + ".." + to);
                assertEquals(value, Double.doubleToLongBits(v[i]), "in place at " + i);
                assertEquals(Double.doubleToLongBits(inside ? Gelu.derivative(x[i]) : 0.0),
                        Double.doubleToLongBits(d[i]), "derivative at " + i);
            }
        }
    }

    @Test
    void simdAndScalarLoopsGiveTheSameBits() {
        // the loops the facade does not pick are called directly, so this compares both paths in every JVM that
        // has the vector module (the build's tests run with it)
        if (!Gelu.simd()) return;
        double[] x = inputs(4099, 11);
        double[] ys = new double[x.length], yv = new double[x.length];
        double[] vs = x.clone(), vv = x.clone(), ds = new double[x.length], dv = new double[x.length];
        Gelu.scalarValues(x, ys, 1, 4098);
        SimdGelu.INSTANCE.values(x, yv, 1, 4098);
        Gelu.scalarValuesAndDerivatives(vs, ds, 1, 4098);
        SimdGelu.INSTANCE.valuesAndDerivatives(vv, dv, 1, 4098);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToLongBits(ys[i]), Double.doubleToLongBits(yv[i]), "value at " + i + ", x = " + x[i]);
            assertEquals(Double.doubleToLongBits(vs[i]), Double.doubleToLongBits(vv[i]), "in place at " + i);
            assertEquals(Double.doubleToLongBits(ds[i]), Double.doubleToLongBits(dv[i]), "derivative at " + i + ", x = " + x[i]);
        }
    }

    /** Child JVM entry point: the bulk loops' bits on fixed inputs, as hex, and which loops ran. */
    public static void main(String[] args) {
        double[] v = inputs(1003, 13), d = new double[v.length];
        Gelu.valuesAndDerivatives(v, d, 0, v.length);
        long h = 17;
        for (int i = 0; i < v.length; i++) h = 31 * (31 * h + Double.doubleToLongBits(v[i])) + Double.doubleToLongBits(d[i]);
        System.out.println(Gelu.simd() + " " + Long.toHexString(h));
    }

    /**
     * A JVM without {@code --add-modules jdk.incubator.vector} runs the scalar loops; they must give the bits the SIMD
     * loops give here (the README promises the same results either way).
     */
    @Test
    void aJvmWithoutTheVectorModuleGivesTheSameBits() throws Exception {
        String launcher = System.getProperty("java.home") + java.io.File.separator + "bin" + java.io.File.separator + "java";
        Process proc = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"), GeluTest.class.getName())
                .redirectErrorStream(true).start();
        String child;
        try (java.io.InputStream in = proc.getInputStream()) {
            child = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
        assertTrue(proc.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, proc.exitValue(), child);
        java.io.ByteArrayOutputStream here = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(here, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String mine = here.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(child.startsWith("false "), "the child should run the scalar loops: " + child);
        assertEquals(mine.substring(mine.indexOf(' ')), child.substring(child.indexOf(' ')), "bits with and without SIMD");
    }

    @Test
    void rangesOutsideTheArraysAreRejected() {
        double[] x = new double[8], shorter = new double[4];
        assertThrows(IndexOutOfBoundsException.class, () -> Gelu.values(x, shorter, 0, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> Gelu.valuesAndDerivatives(x, shorter, 2, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> Gelu.values(x, x, 5, 3));
    }
}
