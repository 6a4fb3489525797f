package org.neuralop4j.validation.report;

import java.util.Locale;

/** Number formatting shared by the report writers and the console summary. */
public final class Format {
    private Format() {}

    /**
     * Up to six significant digits (so 0.9999988 prints as 0.999999, not 1), trailing zeros dropped, scientific notation
     * for very large or small magnitudes; "NaN"/"inf" spelled out.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e7 || a < 1e-3) {
            String e = String.format(Locale.ROOT, "%.4e", v); // mantissa without trailing zeros: 1.0000e-06 -> 1e-06
            int at = e.indexOf('e');
            return e.substring(0, at).replaceAll("0+$", "").replaceAll("\\.$", "") + e.substring(at);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** Seconds with one decimal. */
    public static String seconds(double s) { return String.format(Locale.ROOT, "%.1f s", s); }
}
