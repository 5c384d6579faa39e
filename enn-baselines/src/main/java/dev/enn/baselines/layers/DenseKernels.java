package dev.enn.baselines.layers;

import dev.enn.tensor.MatrixKernels;

/**
 * Row-major matrix products on sub-arrays, used by the fused kernels. Every method accumulates
 * ({@code C += …}), so a caller that needs {@code C = …} passes a zeroed block. Operands are
 * addressed by an offset into a larger array, which lets a kernel work on one time step or one
 * sample of a batch without copying it out. The products run in enn-core's {@link MatrixKernels},
 * whose tests compare them with plain triple loops.
 */
final class DenseKernels {
    private DenseKernels() {
    }

    /** {@code C[m×n] += A[m×k] · B[k×n]}. */
    static void mult(int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
        MatrixKernels.multAdd(m, n, k, a, offA, b, offB, c, offC);
    }

    /** {@code C[m×n] += A[m×k] · B[n×k]ᵀ}. */
    static void multTransB(int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
        MatrixKernels.multAddTransB(m, n, k, a, offA, b, offB, c, offC);
    }

    /** {@code C[m×n] += A[k×m]ᵀ · B[k×n]}. */
    static void multTransA(int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
        MatrixKernels.multAddTransA(m, n, k, a, offA, b, offB, c, offC);
    }
}
