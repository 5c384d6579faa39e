package dev.enn.baselines.layers;

/**
 * Row-major matrix products on sub-arrays, used by the fused kernels. Every method accumulates
 * ({@code C += …}), so a caller that needs {@code C = …} passes a zeroed block. Operands are
 * addressed by an offset into a larger array, which lets a kernel work on one time step or one
 * sample of a batch without copying it out.
 */
final class DenseKernels {
    private DenseKernels() {
    }

    /** {@code C[m×n] += A[m×k] · B[k×n]}. */
    static void mult(int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
        for (int i = 0; i < m; i++) {
            int cRow = offC + i * n;
            for (int p = 0; p < k; p++) {
                double av = a[offA + i * k + p];
                int bRow = offB + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += av * b[bRow + j];
                }
            }
        }
    }

    /** {@code C[m×n] += A[m×k] · B[n×k]ᵀ}. */
    static void multTransB(int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
        for (int i = 0; i < m; i++) {
            int aRow = offA + i * k;
            int cRow = offC + i * n;
            for (int j = 0; j < n; j++) {
                int bRow = offB + j * k;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aRow + p] * b[bRow + p];
                }
                c[cRow + j] += s;
            }
        }
    }

    /** {@code C[m×n] += A[k×m]ᵀ · B[k×n]}. */
    static void multTransA(int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC) {
        for (int p = 0; p < k; p++) {
            int aRow = offA + p * m;
            int bRow = offB + p * n;
            for (int i = 0; i < m; i++) {
                double av = a[aRow + i];
                int cRow = offC + i * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += av * b[bRow + j];
                }
            }
        }
    }
}
