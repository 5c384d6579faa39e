package dev.enn.attention;

import dev.enn.tensor.Tensor;

/**
 * Output of {@link SparseAttention} with the weights of the keys each query selected.
 *
 * @param output {@code [B, Lq, modelDim]}
 * @param weights {@code [B, A, Lq, K]}: softmax over the K selected scores of each query,
 *     after dropout in training mode; K = min(topK, Lk)
 * @param keyIndices position (0 ≤ index &lt; Lk) of the key behind each entry of
 *     {@code weights}, row-major in the same layout, highest score first
 * @param keyLength number of keys Lk
 */
public record SparseAttentionResult(Tensor output, Tensor weights, int[] keyIndices, int keyLength) {
    /**
     * Spreads the selected weights over all keys, with zeros for the keys a query did not select.
     *
     * @return a new tensor {@code [B, A, Lq, Lk]} without gradient
     */
    public Tensor denseWeights() {
        int[] shape = weights.shape();
        int selected = shape[3];
        int rows = shape[0] * shape[1] * shape[2];
        double[] sparse = weights.dataView();
        double[] dense = new double[rows * keyLength];
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < selected; j++) {
                int p = row * selected + j;
                dense[row * keyLength + keyIndices[p]] += sparse[p];
            }
        }
        return Tensor.wrap(dense, shape[0], shape[1], shape[2], keyLength);
    }
}
