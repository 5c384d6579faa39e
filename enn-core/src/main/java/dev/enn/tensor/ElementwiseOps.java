package dev.enn.tensor;

import java.util.Arrays;

/** Element-wise ops with NumPy broadcasting, each with its backward beside the forward. */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    /** Index maps of a broadcast binary op; {@code null} maps mean "same index as the output". */
    private record Plan(int[] shape, int[] aIndex, int[] bIndex) {
        int a(int i) {
            return aIndex == null ? i : aIndex[i];
        }

        int b(int i) {
            return bIndex == null ? i : bIndex[i];
        }
    }

    private static Plan plan(Tensor a, Tensor b, String op) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        if (Arrays.equals(sa, sb)) {
            return new Plan(sa, null, null);
        }
        int[] out = Shapes.broadcast(sa, sb, op);
        int[] ia = Arrays.equals(sa, out) ? null : Shapes.broadcastIndex(sa, out);
        int[] ib = Arrays.equals(sb, out) ? null : Shapes.broadcastIndex(sb, out);
        return new Plan(out, ia, ib);
    }

    static Tensor add(Tensor a, Tensor b) {
        Plan p = plan(a, b, "add");
        double[] x = a.dataView();
        double[] y = b.dataView();
        double[] out = new double[Shapes.size(p.shape())];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[p.a(i)] + y[p.b(i)];
        }
        return Tensor.fromOp(out, p.shape(), g -> {
            // out = a + b
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    ga[p.a(i)] += g[i];
                }
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    gb[p.b(i)] += g[i];
                }
            }
        }, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Plan p = plan(a, b, "sub");
        double[] x = a.dataView();
        double[] y = b.dataView();
        double[] out = new double[Shapes.size(p.shape())];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[p.a(i)] - y[p.b(i)];
        }
        return Tensor.fromOp(out, p.shape(), g -> {
            // out = a - b
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    ga[p.a(i)] += g[i];
                }
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    gb[p.b(i)] -= g[i];
                }
            }
        }, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Plan p = plan(a, b, "mul");
        double[] x = a.dataView();
        double[] y = b.dataView();
        double[] out = new double[Shapes.size(p.shape())];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[p.a(i)] * y[p.b(i)];
        }
        return Tensor.fromOp(out, p.shape(), g -> {
            // out = a * b
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    ga[p.a(i)] += g[i] * y[p.b(i)];
                }
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    gb[p.b(i)] += g[i] * x[p.a(i)];
                }
            }
        }, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Plan p = plan(a, b, "div");
        double[] x = a.dataView();
        double[] y = b.dataView();
        double[] out = new double[Shapes.size(p.shape())];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[p.a(i)] / y[p.b(i)];
        }
        return Tensor.fromOp(out, p.shape(), g -> {
            // out = a / b
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    ga[p.a(i)] += g[i] / y[p.b(i)];
                }
            }
            // d(a/b)/db = -a / b²  = -out / b
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    gb[p.b(i)] -= g[i] * out[i] / y[p.b(i)];
                }
            }
        }, a, b);
    }

    static Tensor maximum(Tensor a, Tensor b) {
        Plan p = plan(a, b, "maximum");
        double[] x = a.dataView();
        double[] y = b.dataView();
        double[] out = new double[Shapes.size(p.shape())];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(x[p.a(i)], y[p.b(i)]);
        }
        return Tensor.fromOp(out, p.shape(), g -> {
            // out = max(a, b); at a tie each side takes half, as PyTorch does
            for (int i = 0; i < g.length; i++) {
                double xa = x[p.a(i)];
                double yb = y[p.b(i)];
                double shareA = 0.5;
                if (xa > yb) {
                    shareA = 1.0;
                } else if (xa < yb) {
                    shareA = 0.0;
                }
                if (a.requiresGrad()) {
                    a.gradBuffer()[p.a(i)] += g[i] * shareA;
                }
                if (b.requiresGrad()) {
                    b.gradBuffer()[p.b(i)] += g[i] * (1.0 - shareA);
                }
            }
        }, a, b);
    }

    static Tensor addScalar(Tensor a, double value) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] + value;
        }
        return Tensor.fromOp(out, a.shape(), g -> accumulate(a, g, 1.0), a);
    }

    static Tensor mulScalar(Tensor a, double value) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] * value;
        }
        return Tensor.fromOp(out, a.shape(), g -> accumulate(a, g, value), a);
    }

    private static void accumulate(Tensor a, double[] g, double scale) {
        double[] ga = a.gradBuffer();
        for (int i = 0; i < g.length; i++) {
            ga[i] += g[i] * scale;
        }
    }

    /** Unary op: value and derivative from the input and output value. */
    private interface Derivative {
        double at(double input, double output);
    }

    private static Tensor unary(Tensor a, double[] out, Derivative derivative) {
        double[] x = a.dataView();
        return Tensor.fromOp(out, a.shape(), g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] * derivative.at(x[i], out[i]);
            }
        }, a);
    }

    static Tensor pow(Tensor a, double exponent) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.pow(x[i], exponent);
        }
        // d x^p = p x^(p-1)
        return unary(a, out, (in, o) -> exponent == 0 ? 0.0 : exponent * Math.pow(in, exponent - 1));
    }

    static Tensor square(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] * x[i];
        }
        return unary(a, out, (in, o) -> 2 * in);
    }

    static Tensor sqrt(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(x[i]);
        }
        return unary(a, out, (in, o) -> 0.5 / o);
    }

    static Tensor exp(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(x[i]);
        }
        return unary(a, out, (in, o) -> o);
    }

    static Tensor log(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(x[i]);
        }
        return unary(a, out, (in, o) -> 1.0 / in);
    }

    static Tensor abs(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(x[i]);
        }
        // sign(x), with 0 at 0 (a subgradient, as PyTorch chooses)
        return unary(a, out, (in, o) -> signOrZero(in));
    }

    /** Returns 1 for a positive value, −1 for a negative one, and 0 for zero or NaN. */
    private static double signOrZero(double x) {
        if (x > 0) {
            return 1.0;
        }
        if (x < 0) {
            return -1.0;
        }
        return 0.0;
    }

    static Tensor clampMin(Tensor a, double min) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(x[i], min);
        }
        return unary(a, out, (in, o) -> in >= min ? 1.0 : 0.0);
    }

    static Tensor sigmoid(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sigmoid(x[i]);
        }
        return unary(a, out, (in, o) -> o * (1 - o));
    }

    /** Logistic function without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    static Tensor tanh(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = SpecialFunctions.tanh(x[i]);
        }
        return unary(a, out, (in, o) -> 1 - o * o);
    }

    static Tensor relu(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] > 0 ? x[i] : 0.0;
        }
        // derivative 1 for x > 0 and 0 at and below 0, as PyTorch; not the tie-splitting maximum
        return unary(a, out, (in, o) -> in > 0 ? 1.0 : 0.0);
    }

    static Tensor gelu(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        // Φ(x) costs a series or a continued fraction per element, so the backward reuses it.
        double[] cdf = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            cdf[i] = SpecialFunctions.normalCdf(x[i]);
            out[i] = x[i] * cdf[i];
        }
        return Tensor.fromOp(out, a.shape(), g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                // d/dx x·Φ(x) = Φ(x) + x·φ(x)
                ga[i] += g[i] * (cdf[i] + x[i] * SpecialFunctions.normalPdf(x[i]));
            }
        }, a);
    }
}
