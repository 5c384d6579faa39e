package dev.enn.tensor;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Matrix products, computed by {@link MatrixKernels}. The reference kernel of {@code linear} wraps
 * the storage in EJML matrices without copying.
 */
final class LinalgOps {
    private LinalgOps() {
    }

    private static DMatrixRMaj view(int rows, int cols, double[] storage) {
        return DMatrixRMaj.wrap(rows, cols, storage);
    }

    static Tensor matmul(Tensor a, Tensor b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        if (sa.length < 2 || sb.length < 2) {
            throw new ShapeMismatchException("matmul: both operands need rank >= 2, got " + Arrays.toString(sa)
                    + " and " + Arrays.toString(sb) + "; add an axis with unsqueeze or use reshape", null, sa.length < 2 ? sa : sb);
        }
        int m = sa[sa.length - 2];
        int k = sa[sa.length - 1];
        int kb = sb[sb.length - 2];
        int n = sb[sb.length - 1];
        if (k != kb) {
            throw new ShapeMismatchException("matmul: inner dimensions differ: " + Arrays.toString(sa) + " times "
                    + Arrays.toString(sb) + " needs the last axis of the left (" + k
                    + ") to equal the second-to-last of the right (" + kb + ")", new int[] {k, n}, sb);
        }
        if (sb.length == 2) {
            return matmulShared(a, b, sa, m, k, n);
        }
        int[] batchA = Arrays.copyOf(sa, sa.length - 2);
        int[] batchB = Arrays.copyOf(sb, sb.length - 2);
        boolean sharedLeft = sa.length == 2;
        if (!sharedLeft && !Arrays.equals(batchA, batchB)) {
            throw new ShapeMismatchException("matmul: batch axes differ: " + Arrays.toString(sa) + " times "
                    + Arrays.toString(sb) + "; batched operands need equal leading axes", sa, sb);
        }
        int batch = Shapes.size(batchB);
        int[] outShape = Arrays.copyOf(sb, sb.length);
        outShape[outShape.length - 2] = m;
        outShape[outShape.length - 1] = n;
        double[] x = a.dataView();
        double[] y = b.dataView();
        double[] out = new double[batch * m * n];
        int strideA = sharedLeft ? 0 : m * k;
        for (int p = 0; p < batch; p++) {
            MatrixKernels.multAdd(m, n, k, x, p * strideA, y, p * k * n, out, p * m * n);
        }
        return Tensor.fromOp(out, outShape, g -> {
            for (int p = 0; p < batch; p++) {
                // out_p = A_p · B_p  ⇒  dA_p += G_p · B_pᵀ,  dB_p += A_pᵀ · G_p
                if (a.requiresGrad()) {
                    MatrixKernels.multAddTransB(m, k, n, g, p * m * n, y, p * k * n, a.gradBuffer(), p * strideA);
                }
                if (b.requiresGrad()) {
                    MatrixKernels.multAddTransA(k, n, m, x, p * strideA, g, p * m * n, b.gradBuffer(), p * k * n);
                }
            }
        }, a, b);
    }

    /** {@code [..., M, K] · [K, N]}: one product over all leading rows. */
    private static Tensor matmulShared(Tensor a, Tensor b, int[] sa, int m, int k, int n) {
        int rows = a.size() / Math.max(1, k);
        if (k == 0) {
            rows = Shapes.size(Arrays.copyOf(sa, sa.length - 1));
        }
        int[] outShape = sa.clone();
        outShape[outShape.length - 1] = n;
        double[] out = new double[rows * n];
        if (rows > 0 && n > 0 && k > 0) {
            MatrixKernels.multAdd(rows, n, k, a.dataView(), 0, b.dataView(), 0, out, 0);
        }
        int r = rows;
        return Tensor.fromOp(out, outShape, g -> {
            if (r == 0 || n == 0 || k == 0) {
                return;
            }
            // out = A · B  ⇒  dA += G · Bᵀ,  dB += Aᵀ · G
            if (a.requiresGrad()) {
                MatrixKernels.multAddTransB(r, k, n, g, 0, b.dataView(), 0, a.gradBuffer(), 0);
            }
            if (b.requiresGrad()) {
                MatrixKernels.multAddTransA(k, n, r, a.dataView(), 0, g, 0, b.gradBuffer(), 0);
            }
        }, a, b);
    }

    /**
     * Rows from which {@link #linear} multiplies by a transposed copy of the weight. Below it the
     * copy costs more than it saves.
     */
    static final int TRANSPOSED_LINEAR_MIN_ROWS = 8;

    /** Computes {@code out = X · Wᵀ} for X {@code [rows, in]} and W {@code [out, in]}, with EJML's multTransB. */
    static void linearForwardReference(int rows, int inF, int outF, double[] x, double[] weight, double[] out) {
        CommonOps_DDRM.multTransB(view(rows, inF, x), view(outF, inF, weight), view(rows, outF, out));
    }

    /**
     * Computes {@code out = X · Wᵀ} with {@link MatrixKernels#multAddTransB}, which multiplies by a
     * transposed copy of W in a loop that the JIT vectorizes. EJML's multTransB runs one dot
     * product per output entry with a single accumulator and is several times slower for the layer
     * widths of this project. The sums run in a different order, so results differ from
     * {@link #linearForwardReference} in the last bits.
     */
    static void linearForwardTransposed(int rows, int inF, int outF, double[] x, double[] weight, double[] out) {
        MatrixKernels.multAddTransB(rows, outF, inF, x, 0, weight, 0, out, 0);
    }

    /**
     * A matrix of ones for {@link MatrixKernels#gemm}, read with zero strides. A product by one is
     * exact and its fused add rounds once, so {@code C += 1·B} adds exactly as a plain loop of
     * additions in the same order, bit for bit, but runs on the vectorized kernels.
     */
    private static final double[] ONE = {1.0};

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        int[] sx = x.shape();
        int[] sw = weight.shape();
        if (sw.length != 2) {
            throw new ShapeMismatchException("linear: weight must be [out, in], got " + Arrays.toString(sw), null, sw);
        }
        int outF = sw[0];
        int inF = sw[1];
        if (sx.length == 0 || sx[sx.length - 1] != inF) {
            int[] expected = sx.length == 0 ? new int[] {inF} : sx.clone();
            if (expected.length > 0) {
                expected[expected.length - 1] = inF;
            }
            throw new ShapeMismatchException("linear: input has shape " + Arrays.toString(sx) + " but the layer expects "
                    + inF + " features on the last axis (got " + (sx.length == 0 ? "a scalar" : sx[sx.length - 1])
                    + "); inputs are batch-first [B, F] or [B, T, F]", expected, sx);
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outF)) {
            throw new ShapeMismatchException("linear: bias must be [" + outF + "], got " + Arrays.toString(bias.shape()),
                    new int[] {outF}, bias.shape());
        }
        int rows = Shapes.size(Arrays.copyOf(sx, sx.length - 1));
        int[] outShape = sx.clone();
        outShape[outShape.length - 1] = outF;
        double[] out = new double[rows * outF];
        if (rows >= TRANSPOSED_LINEAR_MIN_ROWS && outF > 0 && inF > 0) {
            linearForwardTransposed(rows, inF, outF, x.dataView(), weight.dataView(), out);
        } else if (rows > 0 && outF > 0 && inF > 0) {
            linearForwardReference(rows, inF, outF, x.dataView(), weight.dataView(), out);
        }
        if (bias != null) {
            // out[r, j] += 1 · b[j] for every row: a product with one term, which runs vectorized
            MatrixKernels.gemm(rows, outF, 1, ONE, 0, 0, 0, bias.dataView(), 0, outF, 1, out, 0, outF, 1);
        }
        return Tensor.fromOp(out, outShape, g -> {
            if (rows == 0 || outF == 0) {
                return;
            }
            // out = X · Wᵀ + b  ⇒  dX += G · W,  dW += Gᵀ · X,  db += Σ_rows G
            if (x.requiresGrad() && inF > 0) {
                MatrixKernels.multAdd(rows, inF, outF, g, 0, weight.dataView(), 0, x.gradBuffer(), 0);
            }
            if (weight.requiresGrad() && inF > 0) {
                MatrixKernels.multAddTransA(outF, inF, rows, g, 0, x.dataView(), 0, weight.gradBuffer(), 0);
            }
            if (bias != null && bias.requiresGrad()) {
                // db[j] += Σ_r 1 · G[r, j], the rows added in order
                MatrixKernels.gemm(1, outF, rows, ONE, 0, 0, 0, g, 0, outF, 1, bias.gradBuffer(), 0, outF, 1);
            }
        }, x, weight, bias);
    }
}
