package dev.enn.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Row-major matrix products on sub-arrays of {@code double[]}, each accumulating into its output
 * ({@code C += …}), so a caller that needs {@code C = …} passes a zeroed block. Operands are
 * addressed by an offset into a larger array, so a kernel can work on one sample or one time step
 * of a batch without copying it out.
 *
 * <p>The fast kernels add four rows of B into two rows of C per pass, in a loop over the
 * columns that the JIT vectorizes, which cuts the loads and stores of C by four and the loads of
 * B by two against the plain row update. They fuse each multiply and add with {@link Math#fma}
 * where HotSpot reports FMA support ({@code -XX:+UseFMA}), which the JIT turns into vector FMA
 * instructions, about 1.15 times faster than a separate multiply and add on an AVX2 machine. Both
 * the order of the sums and the single rounding of each fused step differ from the
 * {@code …Reference} kernels, so results differ from them in the last bits. {@code MatrixKernelsTest}
 * compares both.
 */
public final class MatrixKernels {
    /**
     * Whether HotSpot compiles {@link Math#fma} to an FMA instruction. Without one, Math.fma falls
     * back to exact arithmetic in software, which is far slower than a multiply and an add.
     */
    private static final boolean FAST_FMA = hotSpotUsesFma();

    private MatrixKernels() {
    }

    /**
     * Returns {@code a · b + c}, fused into one rounding where the CPU has FMA instructions. The
     * branch is on a constant, so the JIT keeps only one side.
     */
    private static double multiplyAdd(double a, double b, double c) {
        return FAST_FMA ? Math.fma(a, b, c) : a * b + c;
    }

    private static boolean hotSpotUsesFma() {
        try {
            HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return diagnostics != null && Boolean.parseBoolean(diagnostics.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError notHotSpot) {
            return false;
        }
    }

    /** Computes {@code C[m×n] += A[m×k] · B[k×n]}. */
    public static void multAdd(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                               double[] c, int offC) {
        multAddStrided(m, n, k, a, offA, k, 1, b, offB, c, offC);
    }

    /** Computes {@code C[m×n] += A[k×m]ᵀ · B[k×n]}. */
    public static void multAddTransA(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                     double[] c, int offC) {
        multAddStrided(m, n, k, a, offA, 1, m, b, offB, c, offC);
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

    /**
     * Computes {@code C[m×n] += A · B[k×n]} where the entry (i, p) of the m×k left operand is
     * {@code a[offA + i·strideI + p·strideP]}. Two rows of C take four rows of B per pass, so each
     * load of B serves two rows and each load and store of C serves four products.
     */
    private static void multAddStrided(int m, int n, int k, double[] a, int offA, int strideI, int strideP,
                                       double[] b, int offB, double[] c, int offC) {
        int i = 0;
        for (; i + 1 < m; i += 2) {
            int a0 = offA + i * strideI;
            int a1 = a0 + strideI;
            int c0 = offC + i * n;
            int c1 = c0 + n;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                int at = p * strideP;
                double x0 = a[a0 + at];
                double x1 = a[a0 + at + strideP];
                double x2 = a[a0 + at + 2 * strideP];
                double x3 = a[a0 + at + 3 * strideP];
                double y0 = a[a1 + at];
                double y1 = a[a1 + at + strideP];
                double y2 = a[a1 + at + 2 * strideP];
                double y3 = a[a1 + at + 3 * strideP];
                int b0 = offB + p * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    double v0 = b[b0 + j];
                    double v1 = b[b1 + j];
                    double v2 = b[b2 + j];
                    double v3 = b[b3 + j];
                    c[c0 + j] = multiplyAdd(x3, v3, multiplyAdd(x2, v2, multiplyAdd(x1, v1, multiplyAdd(x0, v0, c[c0 + j]))));
                    c[c1 + j] = multiplyAdd(y3, v3, multiplyAdd(y2, v2, multiplyAdd(y1, v1, multiplyAdd(y0, v0, c[c1 + j]))));
                }
            }
            for (; p < k; p++) {
                double x0 = a[a0 + p * strideP];
                double y0 = a[a1 + p * strideP];
                int b0 = offB + p * n;
                for (int j = 0; j < n; j++) {
                    double v0 = b[b0 + j];
                    c[c0 + j] = multiplyAdd(x0, v0, c[c0 + j]);
                    c[c1 + j] = multiplyAdd(y0, v0, c[c1 + j]);
                }
            }
        }
        if (i < m) {
            int a0 = offA + i * strideI;
            int c0 = offC + i * n;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                int at = p * strideP;
                double x0 = a[a0 + at];
                double x1 = a[a0 + at + strideP];
                double x2 = a[a0 + at + 2 * strideP];
                double x3 = a[a0 + at + 3 * strideP];
                int b0 = offB + p * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    double sum = multiplyAdd(x0, b[b0 + j], c[c0 + j]);
                    sum = multiplyAdd(x1, b[b1 + j], sum);
                    sum = multiplyAdd(x2, b[b2 + j], sum);
                    c[c0 + j] = multiplyAdd(x3, b[b3 + j], sum);
                }
            }
            for (; p < k; p++) {
                double x0 = a[a0 + p * strideP];
                int b0 = offB + p * n;
                for (int j = 0; j < n; j++) {
                    c[c0 + j] = multiplyAdd(x0, b[b0 + j], c[c0 + j]);
                }
            }
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
