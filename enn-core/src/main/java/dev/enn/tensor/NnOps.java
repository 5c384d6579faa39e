package dev.enn.tensor;

import java.util.Arrays;

/** Neural-network ops: softmax family, layer norm, top-k, masking and dropout. */
final class NnOps {
    private NnOps() {
    }

    static Tensor softmax(Tensor a, int axisArg) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "softmax");
        int outer = Shapes.outer(shape, axis);
        int n = shape[axis];
        int inner = Shapes.inner(shape, axis);
        double[] x = a.dataView();
        double[] y = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    m = Math.max(m, x[base + k * inner]);
                }
                if (m == Double.NEGATIVE_INFINITY) {
                    continue; // every entry is -inf (a fully masked row): all weights 0, not NaN
                }
                double s = 0;
                for (int k = 0; k < n; k++) {
                    int idx = base + k * inner;
                    double e = m == Double.POSITIVE_INFINITY
                            ? (x[idx] == m ? 1.0 : 0.0)
                            : Math.exp(x[idx] - m);
                    y[idx] = e;
                    s += e;
                }
                for (int k = 0; k < n; k++) {
                    y[base + k * inner] /= s;
                }
            }
        }
        return Tensor.fromOp(y, shape, g -> {
            // y = softmax(x)  ⇒  dx = y ⊙ (g − Σ_k g_k y_k)
            double[] ga = a.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * n * inner + i;
                    double dot = 0;
                    for (int k = 0; k < n; k++) {
                        dot += g[base + k * inner] * y[base + k * inner];
                    }
                    for (int k = 0; k < n; k++) {
                        int idx = base + k * inner;
                        ga[idx] += y[idx] * (g[idx] - dot);
                    }
                }
            }
        }, a);
    }

    /**
     * Per line of the axis, writes the max into {@code max} and returns log Σ exp(x − max). Both
     * are kept apart so that log-softmax can form (x − max) − logSum without rounding x at the
     * magnitude of the max. A line whose max is ±∞ gets logSum 0, so max + logSum is that ±∞.
     */
    private static double[] shiftedLogSums(double[] x, int outer, int n, int inner, double[] max) {
        double[] logSum = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    m = Math.max(m, x[base + k * inner]);
                }
                max[o * inner + i] = m;
                if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += Math.exp(x[base + k * inner] - m);
                }
                logSum[o * inner + i] = Math.log(s);
            }
        }
        return logSum;
    }

    static Tensor logSumExp(Tensor a, int axisArg, boolean keepDim) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "logSumExp");
        int outer = Shapes.outer(shape, axis);
        int n = shape[axis];
        int inner = Shapes.inner(shape, axis);
        double[] x = a.dataView();
        double[] lse = new double[outer * inner];
        double[] logSum = shiftedLogSums(x, outer, n, inner, lse);
        for (int j = 0; j < lse.length; j++) {
            lse[j] += logSum[j];
        }
        int[] outShape;
        if (keepDim) {
            outShape = shape.clone();
            outShape[axis] = 1;
        } else {
            outShape = new int[shape.length - 1];
            for (int i = 0, j = 0; i < shape.length; i++) {
                if (i != axis) {
                    outShape[j++] = shape[i];
                }
            }
        }
        return Tensor.fromOp(lse, outShape, g -> {
            // d lse / dx_k = softmax(x)_k, and 0 on a row of only -inf
            double[] ga = a.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double l = lse[o * inner + i];
                    if (l == Double.NEGATIVE_INFINITY || Double.isNaN(l)) {
                        continue;
                    }
                    int base = o * n * inner + i;
                    for (int k = 0; k < n; k++) {
                        int idx = base + k * inner;
                        ga[idx] += g[o * inner + i] * Math.exp(x[idx] - l);
                    }
                }
            }
        }, a);
    }

    static Tensor logSoftmax(Tensor a, int axisArg) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "logSoftmax");
        int outer = Shapes.outer(shape, axis);
        int n = shape[axis];
        int inner = Shapes.inner(shape, axis);
        double[] x = a.dataView();
        double[] max = new double[outer * inner];
        double[] logSum = shiftedLogSums(x, outer, n, inner, max);
        double[] y = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double m = max[o * inner + i];
                double l = logSum[o * inner + i];
                int base = o * n * inner + i;
                for (int k = 0; k < n; k++) {
                    int idx = base + k * inner;
                    // (x − max) − logSum, not x − (max + logSum), keeps the digits lost at large logits
                    y[idx] = m == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : (x[idx] - m) - l;
                }
            }
        }
        return Tensor.fromOp(y, shape, g -> {
            // y = x − lse(x)  ⇒  dx = g − softmax(x) · Σ_k g_k
            double[] ga = a.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    if (max[o * inner + i] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int base = o * n * inner + i;
                    double total = 0;
                    for (int k = 0; k < n; k++) {
                        total += g[base + k * inner];
                    }
                    for (int k = 0; k < n; k++) {
                        int idx = base + k * inner;
                        ga[idx] += g[idx] - Math.exp(y[idx]) * total;
                    }
                }
            }
        }, a);
    }

    static Tensor layerNorm(Tensor a, Tensor gamma, Tensor beta, double eps) {
        int[] shape = a.shape();
        if (shape.length == 0) {
            throw new ShapeMismatchException("layerNorm: input must have at least one axis, got a scalar", null, shape);
        }
        int d = shape[shape.length - 1];
        for (Tensor p : new Tensor[] {gamma, beta}) {
            if (p != null && (p.rank() != 1 || p.dim(0) != d)) {
                throw new ShapeMismatchException("layerNorm: scale and shift must be [" + d + "] to match the last axis of "
                        + Arrays.toString(shape) + ", got " + Arrays.toString(p.shape()), new int[] {d}, p.shape());
            }
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("layerNorm: eps must be positive, got " + eps);
        }
        int rows = d == 0 ? 0 : a.size() / d;
        double[] x = a.dataView();
        double[] gm = gamma == null ? null : gamma.dataView();
        double[] bt = beta == null ? null : beta.dataView();
        double[] xhat = new double[x.length];
        double[] rstd = new double[rows];
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            int base = r * d;
            // two passes: the mean, corrected once for rounding, then the centred sum of squares
            double mean = 0;
            for (int j = 0; j < d; j++) {
                mean += x[base + j];
            }
            mean /= d;
            double correction = 0;
            for (int j = 0; j < d; j++) {
                correction += x[base + j] - mean;
            }
            mean += correction / d;
            double var = 0;
            for (int j = 0; j < d; j++) {
                double c = x[base + j] - mean;
                var += c * c;
            }
            var /= d;
            double inv = 1.0 / Math.sqrt(var + eps);
            rstd[r] = inv;
            for (int j = 0; j < d; j++) {
                double h = (x[base + j] - mean) * inv;
                xhat[base + j] = h;
                y[base + j] = (gm == null ? h : gm[j] * h) + (bt == null ? 0.0 : bt[j]);
            }
        }
        return Tensor.fromOp(y, shape, g -> {
            // y = γ·x̂ + β, x̂ = (x − μ)·rstd
            // dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)),  dx̂ = g·γ
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int r = 0; r < rows; r++) {
                    int base = r * d;
                    double meanDh = 0;
                    double meanDhH = 0;
                    for (int j = 0; j < d; j++) {
                        double dh = g[base + j] * (gm == null ? 1.0 : gm[j]);
                        meanDh += dh;
                        meanDhH += dh * xhat[base + j];
                    }
                    meanDh /= d;
                    meanDhH /= d;
                    for (int j = 0; j < d; j++) {
                        double dh = g[base + j] * (gm == null ? 1.0 : gm[j]);
                        ga[base + j] += rstd[r] * (dh - meanDh - xhat[base + j] * meanDhH);
                    }
                }
            }
            if (gamma != null && gamma.requiresGrad()) {
                double[] gg = gamma.gradBuffer();
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < d; j++) {
                        gg[j] += g[r * d + j] * xhat[r * d + j];
                    }
                }
            }
            if (beta != null && beta.requiresGrad()) {
                double[] gb = beta.gradBuffer();
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < d; j++) {
                        gb[j] += g[r * d + j];
                    }
                }
            }
        }, a, gamma, beta);
    }

    /** Lines up to this length are sorted by insertion, in place, without boxing. */
    private static final int INSERTION_SORT_MAX = 64;

    static TopK topK(Tensor a, int k, int axisArg) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "topK");
        int n = shape[axis];
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("topK: k = " + k + " must lie in [0, " + n + "] for axis " + axisArg
                    + " of shape " + Arrays.toString(shape));
        }
        int outer = Shapes.outer(shape, axis);
        int inner = Shapes.inner(shape, axis);
        double[] x = a.dataView();
        int[] outShape = shape.clone();
        outShape[axis] = k;
        double[] values = new double[outer * k * inner];
        int[] indices = new int[values.length];
        int[] source = new int[values.length];
        Integer[] order = n <= INSERTION_SORT_MAX ? null : new Integer[n];
        int[] ranked = new int[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                // descending by value, ties by lower index; NaN sorts first, as the largest. That is
                // a strict total order, so both sorts below give the same permutation.
                if (n <= INSERTION_SORT_MAX) {
                    for (int j = 0; j < n; j++) {
                        int candidate = j;
                        double value = x[base + j * inner];
                        int at = j - 1;
                        while (at >= 0 && Double.compare(value, x[base + ranked[at] * inner]) > 0) {
                            ranked[at + 1] = ranked[at];
                            at--;
                        }
                        ranked[at + 1] = candidate;
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        order[j] = j;
                    }
                    Arrays.sort(order, (p, q) -> {
                        int c = Double.compare(x[base + q * inner], x[base + p * inner]);
                        return c != 0 ? c : Integer.compare(p, q);
                    });
                    for (int j = 0; j < n; j++) {
                        ranked[j] = order[j];
                    }
                }
                for (int j = 0; j < k; j++) {
                    int out = (o * k + j) * inner + i;
                    indices[out] = ranked[j];
                    source[out] = base + ranked[j] * inner;
                    values[out] = x[source[out]];
                }
            }
        }
        Tensor v = Tensor.fromOp(values, outShape, g -> {
            double[] ga = a.gradBuffer();
            for (int j = 0; j < g.length; j++) {
                ga[source[j]] += g[j];
            }
        }, a);
        return new TopK(v, indices);
    }

    static Tensor maskedFill(Tensor a, Tensor mask, double value) {
        int[] shape = a.shape();
        int[] combined = Shapes.broadcast(mask.shape(), shape, "maskedFill");
        if (!Arrays.equals(combined, shape)) {
            throw new ShapeMismatchException("maskedFill: mask of shape " + Arrays.toString(mask.shape())
                    + " would enlarge the input of shape " + Arrays.toString(shape)
                    + "; the mask must broadcast to the input's shape", shape, mask.shape());
        }
        int[] mi = Shapes.broadcastIndex(mask.shape(), shape);
        double[] m = mask.dataView();
        double[] x = a.dataView();
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = m[mi[i]] != 0 ? value : x[i];
        }
        return Tensor.fromOp(y, shape, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                if (m[mi[i]] == 0) {
                    ga[i] += g[i];
                }
            }
        }, a);
    }

    static Tensor where(Tensor condition, Tensor ifTrue, Tensor ifFalse) {
        int[] shape = Shapes.broadcast(condition.shape(),
                Shapes.broadcast(ifTrue.shape(), ifFalse.shape(), "where"), "where");
        int[] ci = Shapes.broadcastIndex(condition.shape(), shape);
        int[] ti = Shapes.broadcastIndex(ifTrue.shape(), shape);
        int[] fi = Shapes.broadcastIndex(ifFalse.shape(), shape);
        double[] c = condition.dataView();
        double[] t = ifTrue.dataView();
        double[] f = ifFalse.dataView();
        double[] y = new double[ci.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = c[ci[i]] != 0 ? t[ti[i]] : f[fi[i]];
        }
        return Tensor.fromOp(y, shape, g -> {
            for (int i = 0; i < g.length; i++) {
                if (c[ci[i]] != 0) {
                    if (ifTrue.requiresGrad()) {
                        ifTrue.gradBuffer()[ti[i]] += g[i];
                    }
                } else if (ifFalse.requiresGrad()) {
                    ifFalse.gradBuffer()[fi[i]] += g[i];
                }
            }
        }, ifTrue, ifFalse);
    }

    static Tensor dropout(Tensor a, double p, boolean training, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability p = " + p + " must lie in [0, 1]");
        }
        if (!training || p == 0) {
            return a;
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropout: training mode with p = " + p
                    + " needs a random generator, got null; pass an Rng, or training = false for evaluation");
        }
        double[] x = a.dataView();
        double[] scale = new double[x.length];
        double[] y = new double[x.length];
        if (p < 1) {
            double keep = 1.0 / (1.0 - p);
            for (int i = 0; i < x.length; i++) {
                scale[i] = rng.nextDouble() < p ? 0.0 : keep;
                y[i] = x[i] * scale[i];
            }
        }
        return Tensor.fromOp(y, a.shape(), g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] * scale[i];
            }
        }, a);
    }
}
