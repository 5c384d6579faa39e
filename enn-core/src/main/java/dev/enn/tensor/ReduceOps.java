package dev.enn.tensor;

import java.util.Arrays;

/** Reductions. An axis reduction views the input as {@code [outer, n, inner]}. */
final class ReduceOps {
    private ReduceOps() {
    }

    static Tensor sumAll(Tensor a) {
        double[] x = a.dataView();
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return Tensor.fromOp(new double[] {s}, new int[0], g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < ga.length; i++) {
                ga[i] += g[0];
            }
        }, a);
    }

    static Tensor meanAll(Tensor a) {
        double[] x = a.dataView();
        if (x.length == 0) {
            throw new IllegalArgumentException("mean: tensor of shape " + Shapes.format(a.shape())
                    + " is empty; the mean of no elements is undefined. Check for an empty batch");
        }
        double s = 0;
        for (double v : x) {
            s += v;
        }
        int n = x.length;
        return Tensor.fromOp(new double[] {s / n}, new int[0], g -> {
            double[] ga = a.gradBuffer();
            double share = g[0] / n;
            for (int i = 0; i < ga.length; i++) {
                ga[i] += share;
            }
        }, a);
    }

    private static int[] reducedShape(int[] shape, int axis, boolean keepDim) {
        if (keepDim) {
            int[] s = shape.clone();
            s[axis] = 1;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    static Tensor sum(Tensor a, int axisArg, boolean keepDim, boolean average) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, average ? "mean" : "sum");
        int outer = Shapes.outer(shape, axis);
        int n = shape[axis];
        int inner = Shapes.inner(shape, axis);
        if (average && n == 0) {
            throw new IllegalArgumentException("mean: axis " + axisArg + " of shape " + Arrays.toString(shape)
                    + " has length 0; the mean of no elements is undefined");
        }
        double scale = average ? 1.0 / n : 1.0;
        double[] x = a.dataView();
        double[] out = new double[outer * inner];
        if (inner == 1) {
            sumLastAxis(x, outer, n, out);
        } else {
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < n; k++) {
                    int base = (o * n + k) * inner;
                    for (int i = 0; i < inner; i++) {
                        out[o * inner + i] += x[base + i];
                    }
                }
            }
        }
        if (average) {
            for (int i = 0; i < out.length; i++) {
                out[i] *= scale;
            }
        }
        return Tensor.fromOp(out, reducedShape(shape, axis, keepDim), g -> {
            double[] ga = a.gradBuffer();
            if (inner == 1) {
                for (int o = 0; o < outer; o++) {
                    double share = g[o] * scale;
                    for (int k = 0; k < n; k++) {
                        ga[o * n + k] += share;
                    }
                }
                return;
            }
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < n; k++) {
                    int base = (o * n + k) * inner;
                    for (int i = 0; i < inner; i++) {
                        ga[base + i] += g[o * inner + i] * scale;
                    }
                }
            }
        }, a);
    }

    /**
     * Sums {@code x [outer, n]} over its last axis into {@code out}. The general loop of
     * {@link #sum} would run its inner loop once per element here. This one adds the same values
     * in the same order, so the bits are equal.
     */
    private static void sumLastAxis(double[] x, int outer, int n, double[] out) {
        for (int o = 0; o < outer; o++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += x[o * n + k];
            }
            out[o] = sum;
        }
    }

    static Tensor max(Tensor a, int axisArg, boolean keepDim) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "max");
        int outer = Shapes.outer(shape, axis);
        int n = shape[axis];
        int inner = Shapes.inner(shape, axis);
        if (n == 0) {
            throw new IllegalArgumentException("max: axis " + axisArg + " of shape " + Arrays.toString(shape)
                    + " has length 0; the maximum of no elements is undefined");
        }
        double[] x = a.dataView();
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    double v = x[(o * n + k) * inner + i];
                    if (v > m || Double.isNaN(v)) {
                        m = v;
                        if (Double.isNaN(v)) {
                            break;
                        }
                    }
                }
                out[o * inner + i] = m;
            }
        }
        return Tensor.fromOp(out, reducedShape(shape, axis, keepDim), g -> {
            // tied maxima share the gradient equally (PyTorch's amax convention)
            double[] ga = a.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double m = out[o * inner + i];
                    int ties = 0;
                    for (int k = 0; k < n; k++) {
                        if (x[(o * n + k) * inner + i] == m) {
                            ties++;
                        }
                    }
                    if (ties == 0) {
                        continue;
                    }
                    double share = g[o * inner + i] / ties;
                    for (int k = 0; k < n; k++) {
                        int idx = (o * n + k) * inner + i;
                        if (x[idx] == m) {
                            ga[idx] += share;
                        }
                    }
                }
            }
        }, a);
    }

    static Tensor norm(Tensor a) {
        double[] x = a.dataView();
        double norm = euclideanNorm(x);
        return Tensor.fromOp(new double[] {norm}, new int[0], g -> {
            if (norm == 0) {
                return; // subgradient 0 at the origin
            }
            double[] ga = a.gradBuffer();
            for (int i = 0; i < ga.length; i++) {
                ga[i] += g[0] * x[i] / norm;
            }
        }, a);
    }

    /**
     * Returns the Euclidean norm of the values, scaled as BLAS nrm2 does so that it neither
     * overflows nor underflows for representable results.
     */
    public static double euclideanNorm(double[] x) {
        double scale = 0;
        double ssq = 1;
        boolean infinite = false;
        for (double v : x) {
            if (Double.isNaN(v)) {
                return Double.NaN; // NaN wins over infinity, whatever the order
            }
            if (Double.isInfinite(v)) {
                infinite = true;
            } else if (v != 0) {
                double av = Math.abs(v);
                if (scale < av) {
                    double r = scale / av;
                    ssq = 1 + ssq * r * r;
                    scale = av;
                } else {
                    double r = av / scale;
                    ssq += r * r;
                }
            }
        }
        return infinite ? Double.POSITIVE_INFINITY : scale * Math.sqrt(ssq);
    }

    static Tensor sumToShape(Tensor a, int[] target) {
        int[] shape = a.shape();
        if (Arrays.equals(shape, target)) {
            return a;
        }
        int[] check = Shapes.broadcast(target, shape, "sumToShape");
        if (!Arrays.equals(check, shape)) {
            throw new ShapeMismatchException("sumToShape: shape " + Arrays.toString(shape)
                    + " is not a broadcast of " + Arrays.toString(target), target, shape);
        }
        int[] index = Shapes.broadcastIndex(target, shape);
        double[] x = a.dataView();
        double[] out = new double[Shapes.size(target)];
        for (int i = 0; i < x.length; i++) {
            out[index[i]] += x[i];
        }
        return Tensor.fromOp(out, target.clone(), g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < ga.length; i++) {
                ga[i] += g[index[i]];
            }
        }, a);
    }
}
