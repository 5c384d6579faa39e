package dev.enn.tensor;

/** Error function and the standard normal density and distribution, in double precision. */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    /** |x| from which the reference erf and erfc use the continued fraction instead of the series. */
    private static final double CONTINUED_FRACTION_FROM = 1.5;

    private SpecialFunctions() {
    }

    /**
     * Returns erf(x) with a relative error of about 1e-15 (at most 2e-15 from the reference series
     * on a dense grid, as the tests check). For |x| &lt; 6 it expands erf around the nearest point
     * of a grid of step 1/32. Beyond that, erf(x) rounds to ±1.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        double r = 1.0;
        if (ax < TABLE_END) {
            int i = (int) (ax * TABLE_SCALE + 0.5);
            double d = ax - i * TABLE_STEP;
            r = ERF_AT[i] + d * correction(i, d);
        }
        return x < 0 ? -r : r;
    }

    /**
     * Returns erfc(x) = 1 − erf(x), with a relative error below about 3e-14, also where erf(x) is
     * close to 1, because from x = 0 on it never forms the difference. On [0, 6) it expands erfc
     * around the nearest grid point, and beyond that it evaluates a continued fraction.
     */
    public static double erfc(double x) {
        if (x < 0) {
            return 1.0 + erf(-x);
        }
        if (x < TABLE_END) {
            int i = (int) (x * TABLE_SCALE + 0.5);
            double d = x - i * TABLE_STEP;
            return ERFC_AT[i] - d * correction(i, d);
        }
        return erfcContinuedFraction(x, 24);
    }

    /**
     * Returns {@code (erf(x₀ + d) − erf(x₀)) / d} for the grid point {@code x₀ = i / 32}, by
     * Horner's rule on the stored Taylor coefficients.
     */
    private static double correction(int i, double d) {
        int base = i * TABLE_TERMS;
        double sum = TAYLOR[base + TABLE_TERMS - 1];
        for (int n = TABLE_TERMS - 2; n >= 0; n--) {
            sum = sum * d + TAYLOR[base + n];
        }
        return sum;
    }

    /**
     * The erf and erfc tables, and their Taylor coefficients. Around a grid point {@code x₀},
     * {@code erf(x₀ + d) = erf(x₀) + (2/√π)·e^(−x₀²)·Σₙ (−1)ⁿ Hₙ(x₀) d^(n+1) / (n+1)!}, with the
     * physicists' Hermite polynomials {@code H₀ = 1, H₁ = 2x, Hₙ₊₁ = 2x·Hₙ − 2n·Hₙ₋₁}, because
     * the n-th derivative of {@code e^(−x²)} is {@code (−1)ⁿ Hₙ(x) e^(−x²)}. With |d| ≤ 1/64 and
     * twelve terms the first term left out is below 1e-17 of erfc(x₀) on the whole grid, by an
     * estimate from the size of Hₙ at x₀ = 6. The
     * values at the grid points come from {@link #erfReference} and {@link #erfcReference}.
     */
    private static final double TABLE_STEP = 1.0 / 32;
    private static final double TABLE_SCALE = 32;
    private static final double TABLE_END = 6.0;
    private static final int TABLE_TERMS = 12;
    private static final int TABLE_POINTS = (int) (TABLE_END * TABLE_SCALE) + 1;
    private static final double[] ERF_AT = new double[TABLE_POINTS];
    private static final double[] ERFC_AT = new double[TABLE_POINTS];
    private static final double[] TAYLOR = new double[TABLE_POINTS * TABLE_TERMS];

    static {
        for (int i = 0; i < TABLE_POINTS; i++) {
            double x0 = i * TABLE_STEP;
            ERF_AT[i] = erfReference(x0);
            ERFC_AT[i] = erfcReference(x0);
            double scale = TWO_OVER_SQRT_PI * Math.exp(-x0 * x0);
            double previousHermite = 0;
            double hermite = 1;
            double factorial = 1;
            for (int n = 0; n < TABLE_TERMS; n++) {
                factorial *= n + 1;
                double sign = (n % 2 == 0) ? 1 : -1;
                TAYLOR[i * TABLE_TERMS + n] = sign * scale * hermite / factorial;
                double nextHermite = 2 * x0 * hermite - 2 * n * previousHermite;
                previousHermite = hermite;
                hermite = nextHermite;
            }
        }
    }

    /**
     * The slow, plainly written erf from which the table is built, kept as the reference for
     * {@link #erf}. For |x| &lt; 1.5 it sums the series
     * {@code erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))}, whose terms are all
     * positive, so nothing cancels; beyond that it uses {@code 1 − erfc(x)} from a continued
     * fraction. The relative error stays below about 1e-15 (checked against mpmath on a grid
     * of step 0.001 over [0, 6]).
     */
    static double erfReference(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < CONTINUED_FRACTION_FROM) {
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++) {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
                if (term < sum * 1e-17) {
                    break;
                }
            }
            double r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
            return x < 0 ? -r : r;
        }
        double r = 1.0 - erfcContinuedFraction(ax, 120);
        return x < 0 ? -r : r;
    }

    /**
     * The slow erfc from which the table is built, kept as the reference for {@link #erfc}:
     * {@code 1 − erf(x)} below 1.5, the continued fraction from there on.
     */
    static double erfcReference(double x) {
        if (x < CONTINUED_FRACTION_FROM) {
            return 1.0 - erfReference(x);
        }
        return erfcContinuedFraction(x, 120);
    }

    /**
     * erfc by the Laplace continued fraction, evaluated bottom-up from the given depth. A depth
     * of 120 converges to double precision from x = 1.5 on, a depth of 24 from x = 6 on.
     */
    private static double erfcContinuedFraction(double x, int depth) {
        if (x > 27.3) {
            return 0.0;
        }
        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
        double f = x;
        for (int k = depth; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /**
     * Returns Φ(x), the standard normal distribution function. Below 0 it uses erfc, so the lower
     * tail keeps its relative accuracy.
     */
    public static double normalCdf(double x) {
        if (x < 0) {
            return 0.5 * erfc(-x * INV_SQRT_2);
        }
        return 0.5 * (1.0 + erf(x * INV_SQRT_2));
    }

    /**
     * Returns tanh(x) within 6 units in the last place of {@link Math#tanh}, at about a quarter
     * of its cost. It splits |x| into the nearest grid point {@code x₀ = i/32} and a rest
     * {@code |d| ≤ 1/64}, takes {@code tanh x₀} from a table filled by {@code Math.tanh}, and
     * {@code tanh d} from its Taylor series {@code d − d³/3 + 2d⁵/15 − 17d⁷/315 + 62d⁹/2835}
     * (the first term left out is below 1e-19 of d), and joins them by the addition theorem
     * {@code tanh(x₀ + d) = (tanh x₀ + tanh d) / (1 + tanh x₀ · tanh d)}. From |x| = 19.1 on,
     * tanh(x) rounds to ±1. The sign is copied from x, so tanh(−0) = −0, and NaN gives NaN.
     */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        if (!(ax < TANH_SATURATION)) {
            return Double.isNaN(x) ? x : Math.copySign(1.0, x);
        }
        int i = (int) (ax * TABLE_SCALE + 0.5);
        double d = ax - i * TABLE_STEP;
        double d2 = d * d;
        double series = ((62.0 / 2835 * d2 - 17.0 / 315) * d2 + 2.0 / 15) * d2 - 1.0 / 3;
        double tanhD = d + d * d2 * series;
        double tanhX0 = TANH_AT[i];
        return Math.copySign((tanhX0 + tanhD) / (1.0 + tanhX0 * tanhD), x);
    }

    /** |x| from which tanh(x) rounds to ±1: 1 − tanh 19.1 ≈ 5e-17 is below half the spacing of doubles under 1. */
    private static final double TANH_SATURATION = 19.1;
    private static final double[] TANH_AT = new double[(int) (TANH_SATURATION * 32) + 2];

    static {
        for (int i = 0; i < TANH_AT.length; i++) {
            TANH_AT[i] = Math.tanh(i / 32.0);
        }
    }

    /** Returns φ(x), the standard normal density. */
    public static double normalPdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
