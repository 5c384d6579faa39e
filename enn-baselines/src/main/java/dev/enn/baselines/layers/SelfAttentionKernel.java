package dev.enn.baselines.layers;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * Multi-head self-attention on the packed input projection as one differentiable op: for every
 * sample b and head a, {@code context = dropout(softmax(q·kᵀ/√d + mask))·v}, with q, k and v
 * read from {@code packed [B, T, 3D]} and the context written into {@code [B, T, D]}. It
 * computes what {@link ScaledDotProductAttention#compute} computes between the head split and
 * the head merge of {@link MultiheadSelfAttention}, without the copies of those reshapes and
 * permutes, and with scale, mask, softmax and dropout applied in place between the two small
 * matrix products of each (sample, head) pair.
 *
 * <p>Layout: row {@code b·T + t} of packed contains {@code [q | k | v]}, and head a uses columns
 * {@code a·d} to {@code (a + 1)·d − 1} of each part, with head width {@code d = D/A}. The
 * context uses the same columns of row {@code b·T + t}. The attention weights and the dropout
 * mask are indexed as {@code [B, A, T, T]}, row-major, so the mask is drawn in the order in which
 * {@link Tensor#dropout} draws it for the composed path. The softmax runs in
 * {@link SoftmaxKernel}, whose exponential differs from {@link Math#exp} in the last bit, so the
 * results match the composed path up to rounding (its tests allow 1e-12) rather than bit for bit.
 */
final class SelfAttentionKernel {
    private SelfAttentionKernel() {
    }

    /**
     * Result of {@link #fused}.
     *
     * @param context {@code [B, T, D]}, differentiable with respect to the packed projection
     * @param weights attention weights after the mask and before dropout, {@code [B, A, T, T]}
     *     row-major; the backward pass reads this array, so callers must not modify it
     */
    record Output(Tensor context, double[] weights) {
    }

    /**
     * Attends over all steps of each sample.
     *
     * @param packed {@code [B, T, 3D]}, the concatenated query, key and value projections
     * @param numHeads head count A; must divide D
     * @param keyPaddingMask {@code [B, T]}, nonzero at padded keys, or {@code null}
     * @param dropout probability of dropping an attention weight in training
     * @param rng generator of the dropout mask; unused when dropout is inactive
     */
    static Output fused(Tensor packed, int numHeads, Tensor keyPaddingMask, double dropout, boolean training, Rng rng) {
        int batch = packed.dim(0);
        int steps = packed.dim(1);
        int width = packed.dim(2) / 3;
        int headWidth = width / numHeads;
        int square = steps * steps;
        double scale = 1.0 / Math.sqrt(headWidth);
        double[] mask = keyPaddingMask == null ? null : keyPaddingMask.dataView();
        Head head = new Head(packed.dataView(), steps, width, headWidth);

        double[] weights = new double[batch * numHeads * square];
        DropoutMask dropMask = DropoutMask.draw(dropout, training, rng, weights.length);
        double[] context = new double[batch * steps * width];
        double[] afterDropoutT = new double[square];
        double[] contextT = new double[headWidth * steps];
        for (int b = 0; b < batch; b++) {
            for (int a = 0; a < numHeads; a++) {
                int pairOff = (b * numHeads + a) * square;
                head.load(b, a);

                // s = q·kᵀ/√d, −∞ at padded keys; w_i = softmax(s_i)
                DenseKernels.mult(steps, steps, headWidth, head.query, 0, head.keyT, 0, weights, pairOff);
                for (int i = 0; i < steps; i++) {
                    int rowOff = pairOff + i * steps;
                    for (int j = 0; j < steps; j++) {
                        boolean padded = mask != null && mask[b * steps + j] != 0;
                        weights[rowOff + j] = padded ? Double.NEGATIVE_INFINITY : weights[rowOff + j] * scale;
                    }
                    SoftmaxKernel.softmaxInPlace(weights, rowOff, steps);
                }

                // context = p·v with p = w ⊙ dropout scale, formed as contextᵀ = vᵀ·pᵀ
                weightsAfterDropout(weights, pairOff, dropMask, steps, true, afterDropoutT);
                java.util.Arrays.fill(contextT, 0.0);
                DenseKernels.mult(headWidth, steps, steps, head.valueT, 0, afterDropoutT, 0, contextT, 0);
                head.storeContext(contextT, context, b, a);
            }
        }

        Tensor out = Tensor.fromOp(context, new int[] {batch, steps, width}, g -> {
            if (packed.requiresGrad()) {
                backward(g, packed.gradBuffer(), head, weights, dropMask, batch, numHeads, scale);
            }
        }, packed);
        return new Output(out, weights);
    }

    private static void backward(double[] g, double[] packedGrad, Head head, double[] weights, DropoutMask dropMask,
                                 int batch, int numHeads, double scale) {
        int steps = head.steps;
        int headWidth = head.headWidth;
        int square = steps * steps;
        double[] grad = new double[steps * headWidth];
        double[] gradT = new double[headWidth * steps];
        double[] afterDropout = new double[square];
        double[] scoreGrad = new double[square];
        double[] scoreGradT = new double[square];
        double[] queryGradT = new double[headWidth * steps];
        double[] keyGradT = new double[headWidth * steps];
        double[] valueGradT = new double[headWidth * steps];
        for (int b = 0; b < batch; b++) {
            for (int a = 0; a < numHeads; a++) {
                int pairOff = (b * numHeads + a) * square;
                head.load(b, a);
                head.loadContextGradient(g, b, a, grad, gradT);
                weightsAfterDropout(weights, pairOff, dropMask, steps, false, afterDropout);

                // context = p·v  ⇒  dp = g·vᵀ,  dvᵀ = gᵀ·p
                java.util.Arrays.fill(scoreGrad, 0.0);
                DenseKernels.mult(steps, steps, headWidth, grad, 0, head.valueT, 0, scoreGrad, 0);
                java.util.Arrays.fill(valueGradT, 0.0);
                DenseKernels.mult(headWidth, steps, steps, gradT, 0, afterDropout, 0, valueGradT, 0);

                // p = w ⊙ scale  ⇒  dw = dp ⊙ scale;  w = softmax(s)  ⇒  ds_ij = w_ij·(dw_ij − Σ_k dw_ik·w_ik)
                for (int i = 0; i < steps; i++) {
                    int rowOff = pairOff + i * steps;
                    double weightedSum = 0;
                    for (int j = 0; j < steps; j++) {
                        double weightGrad = dropMask == null ? scoreGrad[i * steps + j] : scoreGrad[i * steps + j] * dropMask.scale(rowOff + j);
                        scoreGrad[i * steps + j] = weightGrad;
                        weightedSum += weightGrad * weights[rowOff + j];
                    }
                    for (int j = 0; j < steps; j++) {
                        double ds = weights[rowOff + j] * (scoreGrad[i * steps + j] - weightedSum) * scale;
                        scoreGrad[i * steps + j] = ds;
                        scoreGradT[j * steps + i] = ds;
                    }
                }

                // s = q·kᵀ/√d  ⇒  dqᵀ = kᵀ·dsᵀ/√d,  dkᵀ = qᵀ·ds/√d (ds already includes the 1/√d)
                java.util.Arrays.fill(queryGradT, 0.0);
                DenseKernels.mult(headWidth, steps, steps, head.keyT, 0, scoreGradT, 0, queryGradT, 0);
                java.util.Arrays.fill(keyGradT, 0.0);
                DenseKernels.mult(headWidth, steps, steps, head.queryT, 0, scoreGrad, 0, keyGradT, 0);
                head.addPackedGradient(queryGradT, keyGradT, valueGradT, packedGrad, b, a);
            }
        }
    }

    /**
     * Writes the weights after dropout, {@code p_ij = w_ij·scale_ij}, of one (sample, head) pair
     * into {@code afterDropout}: at {@code i·T + j}, or at {@code j·T + i} when {@code transposed}.
     */
    private static void weightsAfterDropout(double[] weights, int pairOff, DropoutMask dropMask, int steps, boolean transposed,
                                    double[] afterDropout) {
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                int at = pairOff + i * steps + j;
                double p = dropMask == null ? weights[at] : weights[at] * dropMask.scale(at);
                afterDropout[transposed ? j * steps + i : i * steps + j] = p;
            }
        }
    }

    /**
     * Contiguous copies of the query, key and value of one (sample, head) pair, so that the
     * products of the kernel run on dense blocks: the query {@code [T, d]} and, transposed,
     * {@code qᵀ}, {@code kᵀ} and {@code vᵀ} {@code [d, T]}.
     */
    private static final class Head {
        final double[] packed;
        final int steps;
        final int width;
        final int headWidth;
        final double[] query;
        final double[] queryT;
        final double[] keyT;
        final double[] valueT;

        Head(double[] packed, int steps, int width, int headWidth) {
            this.packed = packed;
            this.steps = steps;
            this.width = width;
            this.headWidth = headWidth;
            this.query = new double[steps * headWidth];
            this.queryT = new double[headWidth * steps];
            this.keyT = new double[headWidth * steps];
            this.valueT = new double[headWidth * steps];
        }

        /** Copies q, k and v of sample b and head a out of the packed projection. */
        void load(int b, int a) {
            for (int t = 0; t < steps; t++) {
                int row = (b * steps + t) * 3 * width + a * headWidth;
                for (int d = 0; d < headWidth; d++) {
                    query[t * headWidth + d] = packed[row + d];
                    queryT[d * steps + t] = packed[row + d];
                    keyT[d * steps + t] = packed[row + width + d];
                    valueT[d * steps + t] = packed[row + 2 * width + d];
                }
            }
        }

        /** Copies the columns of head a of sample b out of the context gradient {@code [B, T, D]}, as is and transposed. */
        void loadContextGradient(double[] contextGrad, int b, int a, double[] grad, double[] gradT) {
            for (int t = 0; t < steps; t++) {
                int row = (b * steps + t) * width + a * headWidth;
                for (int d = 0; d < headWidth; d++) {
                    grad[t * headWidth + d] = contextGrad[row + d];
                    gradT[d * steps + t] = contextGrad[row + d];
                }
            }
        }

        /** Writes a transposed head context {@code [d, T]} into its columns of the {@code [B, T, D]} context. */
        void storeContext(double[] contextT, double[] context, int b, int a) {
            for (int t = 0; t < steps; t++) {
                int row = (b * steps + t) * width + a * headWidth;
                for (int d = 0; d < headWidth; d++) {
                    context[row + d] = contextT[d * steps + t];
                }
            }
        }

        /** Adds the transposed gradients of q, k and v of sample b and head a into the packed gradient. */
        void addPackedGradient(double[] queryGradT, double[] keyGradT, double[] valueGradT, double[] packedGrad, int b, int a) {
            for (int t = 0; t < steps; t++) {
                int row = (b * steps + t) * 3 * width + a * headWidth;
                for (int d = 0; d < headWidth; d++) {
                    packedGrad[row + d] += queryGradT[d * steps + t];
                    packedGrad[row + width + d] += keyGradT[d * steps + t];
                    packedGrad[row + 2 * width + d] += valueGradT[d * steps + t];
                }
            }
        }
    }
}
