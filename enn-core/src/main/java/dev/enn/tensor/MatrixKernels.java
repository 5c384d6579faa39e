package dev.enn.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Row-major matrix products on sub-arrays of {@code double[]}, each accumulating into its output
 * ({@code C += …}), so a caller that needs {@code C = …} passes a zeroed block. Operands are
 * addressed by an offset into a larger array, so a kernel can work on one sample or one time step
 * of a batch without copying it out.
 *
 * <p>The fast kernels add four rows of B into a row of C per pass, fusing each multiply and add
 * with {@link Math#fma} where HotSpot reports FMA support ({@code -XX:+UseFMA}). From
 * {@value #PACK_MIN_ROWS} rows of C on, they first copy the rows of B (or of Bᵀ) into separate
 * arrays that start at index 0, and accumulate each row of C in a scratch array that also starts
 * at 0. HotSpot's loop vectorizer (SuperWord) in JDK 17 only turns the column loop into AVX
 * instructions when every array in it is indexed by the bare loop counter: with an offset into
 * a shared array it cannot rule out that a store overlaps a later load, and the loop stays scalar.
 * The copies cost {@code k·n} moves against {@code m·k·n} multiply-adds, and the vector loop runs
 * about twice as fast as the scalar one on an AVX2 machine. The copies live in a per-thread
 * scratch that grows to the largest product seen, so a thread keeps up to a few hundred kilobytes.
 *
 * <p>Every path adds the products of one element of C in the same order, four at a time in order
 * of {@code p} and then the remainder one by one, so the packed and the unpacked path give the same
 * bits. Both the order of the sums and the single rounding of each fused step differ from the
 * {@code …Reference} kernels, so results differ from them in the last bits.
 * {@code MatrixKernelsTest} compares both.
 */
public final class MatrixKernels {
    /**
     * Whether HotSpot compiles {@link Math#fma} to an FMA instruction. Without one, Math.fma falls
     * back to exact arithmetic in software, which is far slower than a multiply and an add.
     */
    private static final boolean FAST_FMA = hotSpotUsesFma();

    /** Products with fewer rows of C than this skip the copy of B, whose cost they would not repay. */
    static final int PACK_MIN_ROWS = 4;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread copies of the rows of B and one accumulator row, grown on demand and reused. */
    private static final class Scratch {
        private double[][] rows = new double[0][];
        private double[] accumulator = new double[0];

        double[][] rows(int count, int length) {
            if (rows.length < count) {
                rows = java.util.Arrays.copyOf(rows, count);
            }
            for (int p = 0; p < count; p++) {
                if (rows[p] == null || rows[p].length < length) {
                    rows[p] = new double[length];
                }
            }
            return rows;
        }

        double[] accumulator(int length) {
            if (accumulator.length < length) {
                accumulator = new double[length];
            }
            return accumulator;
        }
    }

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
     * Computes {@code C[m×n] += A[m×k] · B[n×k]ᵀ}. The columns of B are copied out as the rows
     * of Bᵀ, so this costs one transposing copy of B more than {@link #multAdd}.
     */
    public static void multAddTransB(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                     double[] c, int offC) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (m >= PACK_MIN_ROWS) {
            Scratch scratch = SCRATCH.get();
            double[][] rows = scratch.rows(k, n);
            for (int j = 0; j < n; j++) {
                int bRow = offB + j * k;
                for (int p = 0; p < k; p++) {
                    rows[p][j] = b[bRow + p];
                }
            }
            multAddPacked(m, n, k, a, offA, k, 1, rows, c, offC, scratch.accumulator(n));
            return;
        }
        double[] bTransposed = new double[k * n];
        for (int j = 0; j < n; j++) {
            int bRow = offB + j * k;
            for (int p = 0; p < k; p++) {
                bTransposed[p * n + j] = b[bRow + p];
            }
        }
        multAddUnpacked(m, n, k, a, offA, k, 1, bTransposed, 0, c, offC);
    }

    /**
     * Computes {@code C[m×n] += A · B[k×n]} where the entry (i, p) of the m×k left operand is
     * {@code a[offA + i·strideI + p·strideP]}, through the packed kernel from
     * {@value #PACK_MIN_ROWS} rows of C on and the unpacked one below.
     */
    private static void multAddStrided(int m, int n, int k, double[] a, int offA, int strideI, int strideP,
                                       double[] b, int offB, double[] c, int offC) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (m < PACK_MIN_ROWS) {
            multAddUnpacked(m, n, k, a, offA, strideI, strideP, b, offB, c, offC);
            return;
        }
        Scratch scratch = SCRATCH.get();
        double[][] rows = scratch.rows(k, n);
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, offB + p * n, rows[p], 0, n);
        }
        multAddPacked(m, n, k, a, offA, strideI, strideP, rows, c, offC, scratch.accumulator(n));
    }

    /**
     * The vectorizable kernel: row {@code p} of B is {@code rows[p][0..n)}. Each row of C is
     * copied into {@code accumulator}, receives four rows of B per pass and is copied back.
     */
    private static void multAddPacked(int m, int n, int k, double[] a, int offA, int strideI, int strideP,
                                      double[][] rows, double[] c, int offC, double[] accumulator) {
        for (int i = 0; i < m; i++) {
            int a0 = offA + i * strideI;
            int c0 = offC + i * n;
            System.arraycopy(c, c0, accumulator, 0, n);
            int p = 0;
            for (; p + 3 < k; p += 4) {
                int at = a0 + p * strideP;
                double x0 = a[at];
                double x1 = a[at + strideP];
                double x2 = a[at + 2 * strideP];
                double x3 = a[at + 3 * strideP];
                double[] b0 = rows[p];
                double[] b1 = rows[p + 1];
                double[] b2 = rows[p + 2];
                double[] b3 = rows[p + 3];
                for (int j = 0; j < n; j++) {
                    accumulator[j] = multiplyAdd(x3, b3[j], multiplyAdd(x2, b2[j],
                            multiplyAdd(x1, b1[j], multiplyAdd(x0, b0[j], accumulator[j]))));
                }
            }
            for (; p < k; p++) {
                double x0 = a[a0 + p * strideP];
                double[] b0 = rows[p];
                for (int j = 0; j < n; j++) {
                    accumulator[j] = multiplyAdd(x0, b0[j], accumulator[j]);
                }
            }
            System.arraycopy(accumulator, 0, c, c0, n);
        }
    }

    /**
     * The kernel for products too small to repay the copy of B: two rows of C take four rows of B
     * per pass, so each load of B serves two rows. The JIT leaves this loop scalar.
     */
    private static void multAddUnpacked(int m, int n, int k, double[] a, int offA, int strideI, int strideP,
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
