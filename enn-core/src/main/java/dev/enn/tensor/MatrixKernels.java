package dev.enn.tensor;

/**
 * Row-major matrix products on sub-arrays of {@code double[]}, each accumulating into its output
 * ({@code C += …}), so a caller that needs {@code C = …} passes a zeroed block. Operands are
 * addressed by an offset into a larger array, so a kernel can work on one sample or one time step
 * of a batch without copying it out.
 *
 * <p>The fast kernels update four rows of B into each row of C per pass, in a loop over the
 * columns that the JIT vectorizes, which cuts the loads and stores of C by four against the
 * plain row update. They sum in a different order from the {@code …Reference} kernels, so
 * results differ from them in the last bits. {@code MatrixKernelsTest} compares both.
 */
public final class MatrixKernels {
    private MatrixKernels() {
    }

    /** Computes {@code C[m×n] += A[m×k] · B[k×n]}. */
    public static void multAdd(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                               double[] c, int offC) {
        for (int i = 0; i < m; i++) {
            int aRow = offA + i * k;
            int cRow = offC + i * n;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                addFourRows(n, a[aRow + p], a[aRow + p + 1], a[aRow + p + 2], a[aRow + p + 3],
                        b, offB + p * n, c, cRow);
            }
            for (; p < k; p++) {
                addRow(n, a[aRow + p], b, offB + p * n, c, cRow);
            }
        }
    }

    /** Computes {@code C[m×n] += A[k×m]ᵀ · B[k×n]}. */
    public static void multAddTransA(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                     double[] c, int offC) {
        for (int i = 0; i < m; i++) {
            int aColumn = offA + i;
            int cRow = offC + i * n;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                addFourRows(n, a[aColumn + p * m], a[aColumn + (p + 1) * m], a[aColumn + (p + 2) * m],
                        a[aColumn + (p + 3) * m], b, offB + p * n, c, cRow);
            }
            for (; p < k; p++) {
                addRow(n, a[aColumn + p * m], b, offB + p * n, c, cRow);
            }
        }
    }

    /**
     * Computes {@code C[m×n] += A[m×k] · B[n×k]ᵀ} by transposing B into a scratch array of
     * {@code k × n} and calling {@link #multAdd}.
     */
    public static void multAddTransB(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                     double[] c, int offC) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        double[] bTransposed = new double[k * n];
        for (int j = 0; j < n; j++) {
            int bRow = offB + j * k;
            for (int p = 0; p < k; p++) {
                bTransposed[p * n + j] = b[bRow + p];
            }
        }
        multAdd(m, n, k, a, offA, bTransposed, 0, c, offC);
    }

    /** {@code c[cRow + j] += a0·b[row0 + j] + … + a3·b[row3 + j]} over four consecutive rows of B. */
    private static void addFourRows(int n, double a0, double a1, double a2, double a3,
                                    double[] b, int row0, double[] c, int cRow) {
        int row1 = row0 + n;
        int row2 = row1 + n;
        int row3 = row2 + n;
        for (int j = 0; j < n; j++) {
            c[cRow + j] += a0 * b[row0 + j] + a1 * b[row1 + j] + a2 * b[row2 + j] + a3 * b[row3 + j];
        }
    }

    private static void addRow(int n, double a0, double[] b, int row0, double[] c, int cRow) {
        for (int j = 0; j < n; j++) {
            c[cRow + j] += a0 * b[row0 + j];
        }
    }

    /** Reference for {@link #multAdd}: the plain triple loop. */
    public static void multAddReference(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                        double[] c, int offC) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[offA + i * k + p] * b[offB + p * n + j];
                }
                c[offC + i * n + j] += sum;
            }
        }
    }

    /** Reference for {@link #multAddTransA}: the plain triple loop. */
    public static void multAddTransAReference(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                              double[] c, int offC) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[offA + p * m + i] * b[offB + p * n + j];
                }
                c[offC + i * n + j] += sum;
            }
        }
    }

    /** Reference for {@link #multAddTransB}: the plain triple loop. */
    public static void multAddTransBReference(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                              double[] c, int offC) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[offA + i * k + p] * b[offB + j * k + p];
                }
                c[offC + i * n + j] += sum;
            }
        }
    }
}
