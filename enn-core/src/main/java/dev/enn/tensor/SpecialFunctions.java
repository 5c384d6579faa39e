package dev.enn.tensor;

/** Error function and the standard normal density and distribution, in double precision. */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    /** |x| from which erf and erfc use the continued fraction instead of the series. */
    private static final double CONTINUED_FRACTION_FROM = 1.5;

    private SpecialFunctions() {
    }

    /**
     * Returns erf(x). For |x| &lt; 1.5 it sums the series
     * {@code erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))}, whose terms are all
     * positive, so nothing cancels; beyond that it uses {@code 1 − erfc(x)} from a continued
     * fraction. The relative error stays below about 1e-15 (checked against mpmath on a grid
     * of step 0.001 over [0, 6]).
     */
    public static double erf(double x) {
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
        double r = 1.0 - erfcLarge(ax);
        return x < 0 ? -r : r;
    }

    /**
     * Returns erfc(x) = 1 − erf(x), with a relative error below about 3e-14 (same grid as
     * {@link #erf}) also where erf(x) is close to 1, because for x ≥ 1.5 it never forms the
     * difference.
     */
    public static double erfc(double x) {
        if (x < CONTINUED_FRACTION_FROM) {
            return 1.0 - erf(x);
        }
        return erfcLarge(x);
    }

    /**
     * erfc for x ≥ 1.5 by the Laplace continued fraction, evaluated bottom-up from a fixed depth
     * of 120, which converges to double precision from x = 1.5 on.
     */
    private static double erfcLarge(double x) {
        if (x > 27.3) {
            return 0.0;
        }
        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
        double f = x;
        for (int k = 120; k >= 1; k--) {
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

    /** Returns φ(x), the standard normal density. */
    public static double normalPdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
