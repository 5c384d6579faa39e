package dev.enn.model;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Fused ops of the recurrent mode, each with its backward beside the forward. Each one replaces a
 * chain of broadcast ops and graph nodes per time step; {@link #weightedSumReference} is the
 * readable composition that a test compares the fused op against.
 */
final class RecurrentKernels {
    private RecurrentKernels() {
    }

    /**
     * Computes {@code y = Σ_j c_j · parts[j]} in one op. The recurrent step uses it for the
     * decayed, recency-weighted sum of the buffered states.
     *
     * @param parts tensors of one shape, at least one; not modified
     * @param coefficients {@code c_j}, one per part
     * @return a tensor of the parts' shape
     * @throws ShapeMismatchException if a part's shape differs from the first part's
     * @throws IllegalArgumentException if the two arrays differ in length or are empty
     */
    static Tensor weightedSum(Tensor[] partsArgument, double[] coefficients) {
        // The caller may reuse its array (the recurrent state shifts its buffer in place), so the
        // recorded op keeps its own copy.
        Tensor[] parts = partsArgument.clone();
        if (parts.length == 0 || parts.length != coefficients.length) {
            throw new IllegalArgumentException("RecurrentKernels.weightedSum: got " + parts.length + " parts and "
                    + coefficients.length + " coefficients; pass one coefficient per part, at least one");
        }
        int[] shape = parts[0].shape();
        for (Tensor part : parts) {
            if (!Arrays.equals(part.shape(), shape)) {
                throw new ShapeMismatchException("RecurrentKernels.weightedSum: part of shape "
                        + Arrays.toString(part.shape()) + " differs from the first part's " + Arrays.toString(shape),
                        shape, part.shape());
            }
        }
        double[] coefficientsCopy = coefficients.clone();
        double[] y = new double[parts[0].size()];
        for (int j = 0; j < parts.length; j++) {
            double c = coefficientsCopy[j];
            double[] x = parts[j].dataView();
            for (int i = 0; i < y.length; i++) {
                y[i] += c * x[i];
            }
        }
        return Tensor.fromOp(y, shape, yGrad -> {
            // y = Σ_j c_j · x_j  ⇒  x_jGrad += c_j · yGrad
            for (int j = 0; j < parts.length; j++) {
                if (!parts[j].requiresGrad()) {
                    continue;
                }
                double c = coefficientsCopy[j];
                double[] xGrad = parts[j].gradBuffer();
                for (int i = 0; i < xGrad.length; i++) {
                    xGrad[i] += c * yGrad[i];
                }
            }
        }, parts);
    }

    /** Computes {@link #weightedSum} with ordinary tensor ops, as a readable reference. */
    static Tensor weightedSumReference(Tensor[] parts, double[] coefficients) {
        Tensor sum = parts[0].mul(coefficients[0]);
        for (int j = 1; j < parts.length; j++) {
            sum = sum.add(parts[j].mul(coefficients[j]));
        }
        return sum;
    }

    /**
     * Shrinks every entry towards 0 by {@code threshold}: {@code sign(x)·max(|x| − τ, 0)}. Entries
     * with {@code |x| ≤ τ} become 0 and get gradient 0; the others get gradient 1. At
     * {@code |x| = τ} exactly, the subgradient 0 is used.
     *
     * @param threshold τ; at least 0 (0 returns {@code x} itself)
     */
    static Tensor softThreshold(Tensor x, double threshold) {
        if (threshold <= 0) {
            return x;
        }
        double[] xv = x.dataView();
        double[] y = new double[xv.length];
        for (int i = 0; i < y.length; i++) {
            double v = xv[i];
            if (v > threshold) {
                y[i] = v - threshold;
            } else if (v < -threshold) {
                y[i] = v + threshold;
            }
        }
        return Tensor.fromOp(y, x.shape(), yGrad -> {
            // y = x ∓ τ where |x| > τ, else 0  ⇒  xGrad += yGrad where |x| > τ
            double[] xGrad = x.gradBuffer();
            for (int i = 0; i < xGrad.length; i++) {
                if (Math.abs(xv[i]) > threshold) {
                    xGrad[i] += yGrad[i];
                }
            }
        }, x);
    }

    /**
     * Per row of the last axis, keeps the {@code k} entries of largest magnitude and zeroes the
     * rest; ties at the k-th magnitude are all kept. The gradient flows through the kept entries
     * only.
     *
     * @param state {@code [..., S]}
     * @param k entries to keep per row, at least 1; {@code k ≥ S} returns {@code state} itself
     */
    static Tensor topKByMagnitude(Tensor state, int k) {
        int width = state.dim(-1);
        if (k >= width) {
            return state;
        }
        double[] x = state.dataView();
        double[] drop = new double[x.length];
        double[] sorted = new double[width];
        for (int start = 0; start < x.length; start += width) {
            for (int s = 0; s < width; s++) {
                sorted[s] = Math.abs(x[start + s]);
            }
            Arrays.sort(sorted);
            double kthLargest = sorted[width - k];
            for (int s = 0; s < width; s++) {
                drop[start + s] = Math.abs(x[start + s]) >= kthLargest ? 0.0 : 1.0;
            }
        }
        return state.maskedFill(Tensor.wrap(drop, state.shape()), 0.0);
    }
}
