package dev.enn.tensor;

import java.util.Arrays;

/**
 * Multi-head scaled dot-product attention as one differentiable op, for attention layers whose
 * heads sit side by side in the last axis. Head a of a width-H projection is its slice
 * {@code [a·Dh, (a+1)·Dh)} with {@code Dh = H / heads}. Per batch entry b and head a:
 * {@code P = softmax(Q_a·K_aᵀ / √Dh + mask)}, {@code W = dropout(P)} and
 * {@code out_a = W·V_a}, written back into the same slice of the output.
 *
 * <p>It gives the same values, bit for bit, as the chain of tensor ops it replaces: split the
 * heads with {@code reshape} and {@code permute}, then {@code matmul}, {@code mul(1/√Dh)},
 * {@code maskedFill(−∞)}, {@code softmax(-1)}, {@code dropout} and {@code matmul}, and merge the
 * heads back. It draws the dropout mask in the same order (batch, head, query, key). It saves the
 * copies of the split and merge and the graph nodes between them, because its products read the
 * heads in place through strides. Its gradients add up terms in another order than the chain's,
 * so they can differ from the chain's in the last bits. {@code AttentionKernelTest} compares both.
 *
 * <p>A query whose every key is blocked gets all-zero weights and a zero output, and passes no
 * gradient, never NaN.
 */
public final class AttentionKernel {
    private AttentionKernel() {
    }

    /**
     * The output of {@link #multiHead}.
     *
     * @param output {@code [B, Lq, H]}, differentiable with respect to query, key and value
     * @param weights the attention weights after dropout, {@code [B, heads, Lq, Lk]}: a plain
     *     tensor without gradient, for inspection. The backward pass reads its storage, so do not
     *     modify it.
     */
    public record Result(Tensor output, Tensor weights) {
    }

    /**
     * Computes multi-head attention.
     *
     * @param query {@code [B, Lq, H]}, the projected queries of every head
     * @param key {@code [B, Lk, H]}
     * @param value {@code [B, Lk, H]}
     * @param numHeads heads; must divide H
     * @param visible {@code null}, {@code [B, Lq, Lk]}, or a key-padding mask {@code [B, Lk]}; 1 where
     *     a query may attend and 0 where it may not. Shared by every head.
     * @param dropout probability of dropping a weight in training mode, in [0, 1]
     * @param training whether dropout is applied
     * @param rng generator of the dropout mask; may be {@code null} when no dropout is drawn
     * @return the output {@code [B, Lq, H]} and the weights {@code [B, numHeads, Lq, Lk]}
     * @throws ShapeMismatchException if a shape does not fit
     * @throws IllegalArgumentException if {@code numHeads} does not divide H, the mask has an entry
     *     other than 0 or 1, the dropout lies outside [0, 1], or dropout in training mode has no
     *     generator
     */
    public static Result multiHead(Tensor query, Tensor key, Tensor value, int numHeads, Tensor visible,
                                   double dropout, boolean training, Rng rng) {
        int[] qs = query.shape();
        int[] ks = key.shape();
        int[] vs = value.shape();
        if (qs.length != 3 || ks.length != 3 || vs.length != 3) {
            throw new ShapeMismatchException("attention: query, key and value must be [B, L, H], got query "
                    + Shapes.format(qs) + ", key " + Shapes.format(ks) + " and value " + Shapes.format(vs), null, qs);
        }
        int batch = qs[0];
        int queries = qs[1];
        int width = qs[2];
        int keys = ks[1];
        if (ks[0] != batch || vs[0] != batch || ks[2] != width || vs[2] != width || vs[1] != keys) {
            throw new ShapeMismatchException("attention: key " + Shapes.format(ks) + " and value " + Shapes.format(vs)
                    + " must be [" + batch + ", Lk, " + width + "] like the query " + Shapes.format(qs)
                    + ", with one value per key", new int[] {batch, keys, width}, vs);
        }
        Shapes.requirePositive("attention numHeads", numHeads);
        if (width % numHeads != 0) {
            throw new IllegalArgumentException("attention: width " + width + " is not divisible by numHeads "
                    + numHeads + "; choose a head count that divides it");
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("attention dropout must lie in [0, 1], got " + dropout);
        }
        boolean dropping = training && dropout > 0;
        if (dropping && rng == null) {
            throw new IllegalArgumentException("attention dropout " + dropout + " in training mode needs a generator; pass an Rng");
        }
        boolean[] blocked = blockedPositions(visible, batch, queries, keys);
        boolean maskPerQuery = visible != null && visible.rank() == 3;
        int maskBatchStride = maskPerQuery ? queries * keys : keys;
        int maskQueryStride = maskPerQuery ? keys : 0;

        int headDim = width / numHeads;
        double scale = 1.0 / Math.sqrt(headDim);
        double keep = dropout < 1 ? 1.0 / (1.0 - dropout) : 0.0;
        double[] q = query.dataView();
        double[] k = key.dataView();
        double[] v = value.dataView();
        int block = queries * keys;
        double[] probabilities = new double[batch * numHeads * block];
        double[] weights = dropping ? new double[probabilities.length] : probabilities;
        double[] dropScale = dropping ? new double[probabilities.length] : null;
        double[] out = new double[batch * queries * width];
        for (int b = 0; b < batch; b++) {
            int qOff = b * queries * width;
            int kOff = b * keys * width;
            for (int a = 0; a < numHeads; a++) {
                int pOff = (b * numHeads + a) * block;
                int head = a * headDim;
                // scores = Q_a · K_aᵀ
                MatrixKernels.gemm(queries, keys, headDim, q, qOff + head, width, 1, k, kOff + head, 1, width,
                        probabilities, pOff, keys, 1);
                for (int i = 0; i < queries; i++) {
                    int row = pOff + i * keys;
                    int maskRow = b * maskBatchStride + i * maskQueryStride;
                    for (int j = 0; j < keys; j++) {
                        probabilities[row + j] = blocked != null && blocked[maskRow + j]
                                ? Double.NEGATIVE_INFINITY
                                : probabilities[row + j] * scale;
                    }
                    softmaxInPlace(probabilities, row, keys);
                    if (dropping) {
                        for (int j = 0; j < keys; j++) {
                            double s = dropout < 1 && rng.nextDouble() >= dropout ? keep : 0.0;
                            dropScale[row + j] = s;
                            weights[row + j] = probabilities[row + j] * s;
                        }
                    }
                }
                // out_a = W · V_a
                MatrixKernels.gemm(queries, headDim, keys, weights, pOff, keys, 1, v, kOff + head, width, 1,
                        out, qOff + head, width, 1);
            }
        }
        Tensor output = Tensor.fromOp(out, new int[] {batch, queries, width}, g -> {
            double[] weightGrad = new double[block];
            for (int b = 0; b < batch; b++) {
                int qOff = b * queries * width;
                int kOff = b * keys * width;
                for (int a = 0; a < numHeads; a++) {
                    int pOff = (b * numHeads + a) * block;
                    int head = a * headDim;
                    if (value.requiresGrad()) {
                        // dV_a += Wᵀ · G_a
                        MatrixKernels.gemm(keys, headDim, queries, weights, pOff, 1, keys, g, qOff + head, width, 1,
                                value.gradBuffer(), kOff + head, width, 1);
                    }
                    if (!query.requiresGrad() && !key.requiresGrad()) {
                        continue;
                    }
                    // dW = G_a · V_aᵀ, then back through dropout, softmax and the scale
                    Arrays.fill(weightGrad, 0.0);
                    MatrixKernels.gemm(queries, keys, headDim, g, qOff + head, width, 1, v, kOff + head, 1, width,
                            weightGrad, 0, keys, 1);
                    for (int i = 0; i < queries; i++) {
                        int row = i * keys;
                        double dot = 0;
                        for (int j = 0; j < keys; j++) {
                            double dp = dropping ? weightGrad[row + j] * dropScale[pOff + row + j] : weightGrad[row + j];
                            weightGrad[row + j] = dp;
                            dot += dp * probabilities[pOff + row + j];
                        }
                        for (int j = 0; j < keys; j++) {
                            double p = probabilities[pOff + row + j];
                            weightGrad[row + j] = p * (weightGrad[row + j] - dot) * scale;
                        }
                    }
                    if (query.requiresGrad()) {
                        // dQ_a += dS · K_a
                        MatrixKernels.gemm(queries, headDim, keys, weightGrad, 0, keys, 1, k, kOff + head, width, 1,
                                query.gradBuffer(), qOff + head, width, 1);
                    }
                    if (key.requiresGrad()) {
                        // dK_a += dSᵀ · Q_a
                        MatrixKernels.gemm(keys, headDim, queries, weightGrad, 0, 1, keys, q, qOff + head, width, 1,
                                key.gradBuffer(), kOff + head, width, 1);
                    }
                }
            }
        }, query, key, value);
        return new Result(output, Tensor.wrap(weights, new int[] {batch, numHeads, queries, keys}));
    }

    /**
     * Replaces {@code x[start, start + length)} by its softmax, computed as {@link Tensor#softmax}
     * computes it, bit for bit. A row of only −∞ (every key blocked) becomes zeros, and +∞
     * entries share the whole weight. Fused attention kernels in other modules call it too.
     *
     * @throws ArrayIndexOutOfBoundsException if the range does not lie inside {@code x}
     */
    public static void softmaxInPlace(double[] x, int start, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < length; j++) {
            max = Math.max(max, x[start + j]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(x, start, start + length, 0.0);
            return;
        }
        double sum = 0;
        for (int j = 0; j < length; j++) {
            double e = max == Double.POSITIVE_INFINITY
                    ? (x[start + j] == max ? 1.0 : 0.0)
                    : Math.exp(x[start + j] - max);
            x[start + j] = e;
            sum += e;
        }
        for (int j = 0; j < length; j++) {
            x[start + j] /= sum;
        }
    }

    /**
     * Returns which positions are blocked, indexed like the mask, or {@code null} without a mask.
     *
     * @throws ShapeMismatchException if the mask is neither {@code [B, Lq, Lk]} nor {@code [B, Lk]}
     * @throws IllegalArgumentException if an entry is neither 0 nor 1
     */
    private static boolean[] blockedPositions(Tensor visible, int batch, int queries, int keys) {
        if (visible == null) {
            return null;
        }
        int[] shape = visible.shape();
        boolean full = shape.length == 3 && shape[0] == batch && shape[1] == queries && shape[2] == keys;
        boolean padding = shape.length == 2 && shape[0] == batch && shape[1] == keys;
        if (!full && !padding) {
            throw new ShapeMismatchException("attention: mask must be [B, Lq, Lk] = [" + batch + ", " + queries + ", "
                    + keys + "] or a key-padding mask [B, Lk] = [" + batch + ", " + keys + "], got " + Shapes.format(shape)
                    + "; use 1 where a query may attend and 0 where it may not", new int[] {batch, queries, keys}, shape);
        }
        double[] entries = visible.dataView();
        boolean[] blocked = new boolean[entries.length];
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == 0) {
                blocked[i] = true;
            } else if (entries[i] != 1) {
                throw new IllegalArgumentException("attention mask entries must be 1 (may attend) or 0 (blocked), got "
                        + entries[i] + " at flat index " + i + " of a mask of shape " + Shapes.format(shape)
                        + "; convert a boolean or soft mask to 0/1 first");
            }
        }
        return blocked;
    }
}
