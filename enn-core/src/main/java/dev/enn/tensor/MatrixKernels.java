package dev.enn.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Row-major matrix products on sub-arrays of {@code double[]}, each accumulating into its output
 * ({@code C += …}), so a caller that needs {@code C = …} passes a zeroed block. Operands are
 * addressed by an offset into a larger array, so a kernel can work on one sample or one time step
 * of a batch without copying it out.
 *
 * <p>The scalar kernels add four rows of B into a row of C per pass, fusing each multiply and add
 * with {@link Math#fma} where HotSpot reports FMA support ({@code -XX:+UseFMA}). From
 * {@value #PACK_MIN_ROWS} rows of C on, they first copy the rows of B (or of Bᵀ) into separate
 * arrays that start at index 0, and accumulate each row of C in a scratch array that also starts
 * at 0. The reason is HotSpot's loop vectorizer (SuperWord) in JDK 17: it turns the column loop
 * into AVX instructions only when every array in it is indexed by the bare loop counter. With an
 * offset into a shared array it cannot rule out that a store overlaps a later load, so the loop
 * stays scalar. The copies cost {@code k·n} moves against {@code m·k·n} multiply-adds, and the
 * vector loop runs about twice as fast as the scalar one on an AVX2 machine. A C with few columns
 * (a layer with 4 outputs, say) would give the vector loop little to do, so such products run as
 * {@code Cᵀ += Bᵀ·Aᵀ}.
 *
 * <p>When the JVM runs with {@code --add-modules jdk.incubator.vector}, products run through
 * {@link VectorKernels} instead (see {@link #vectorized()}). The copies of both paths live in a
 * per-thread scratch that grows to the largest product seen, so a thread keeps up to a few
 * hundred kilobytes.
 *
 * <p>Every path adds the products of one element of C in the same order, four at a time in order
 * of {@code p} and then the remainder one by one. A product of two doubles does not depend on
 * their order, so the packed, the unpacked, the transposed and the vector path give the same bits.
 * Both the order of the sums and the single rounding of each fused step differ from the
 * {@code …Reference} kernels, so results differ from them in the last bits.
 * {@code MatrixKernelsTest} compares all of them.
 *
 * <p>When the current thread's {@link ProductPrecision} is float32, products large enough to
 * repay packing their operands (see {@link FloatKernels#pays}), as they are or transposed, run
 * through {@link FloatKernels} instead.
 */
public final class MatrixKernels {
    /**
     * Whether HotSpot compiles {@link Math#fma} to an FMA instruction. Without one, Math.fma falls
     * back to exact arithmetic in software, which is far slower than a multiply and an add.
     */
    static final boolean FAST_FMA = hotSpotUsesFma();

    /** Products with fewer rows of C than this skip the copy of B, whose cost they would not repay. */
    static final int PACK_MIN_ROWS = 4;

    /** Products whose C has fewer columns than this, and more rows, run on the transposed problem. */
    static final int FLIP_BELOW = 16;

    /** As {@link #FLIP_BELOW}, for the vector kernel, whose column blocks are 8 and 4 wide. */
    static final int VECTOR_FLIP_BELOW = 4;

    /** Whether products run through {@link VectorKernels}; see {@link #vectorized()}. */
    static final boolean VECTOR = vectorKernelsUsable();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread copies of B, and of rows of C, grown on demand and reused. */
    private static final class Scratch {
        private double[][] rows = new double[0][];
        private double[] accumulator = new double[0];
        private double[] block = new double[0];
        private final FloatKernels.Scratch floats = new FloatKernels.Scratch();

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

        double[] block(int length) {
            if (block.length < length) {
                block = new double[length];
            }
            return block;
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

    /**
     * Returns whether products run through the Vector API kernels: the JVM has the
     * {@code jdk.incubator.vector} module, HotSpot uses FMA instructions, the CPU has 256-bit
     * vectors, and the system property {@code enn.vector} is not {@code false}. Both paths give
     * the same bits, so the result only tells which one runs here.
     */
    public static boolean vectorized() {
        return VECTOR;
    }

    private static boolean vectorKernelsUsable() {
        if ("false".equalsIgnoreCase(System.getProperty("enn.vector")) || !FAST_FMA
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorKernels.supported();
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
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
        gemm(m, n, k, a, offA, k, 1, b, offB, n, 1, c, offC, n, 1);
    }

    /** Computes {@code C[m×n] += A[k×m]ᵀ · B[k×n]}. */
    public static void multAddTransA(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                     double[] c, int offC) {
        gemm(m, n, k, a, offA, 1, m, b, offB, n, 1, c, offC, n, 1);
    }

    /** Computes {@code C[m×n] += A[m×k] · B[n×k]ᵀ}. */
    public static void multAddTransB(int m, int n, int k, double[] a, int offA, double[] b, int offB,
                                     double[] c, int offC) {
        gemm(m, n, k, a, offA, k, 1, b, offB, 1, k, c, offC, n, 1);
    }

    /**
     * Computes {@code C[m×n] += A[m×k] · B[k×n]} for operands laid out by strides. Entry (i, p) of
     * A is {@code a[offA + i·aRow + p·aCol]}, entry (p, j) of B is {@code b[offB + p·bRow + j·bCol]}
     * and entry (i, j) of C is {@code c[offC + i·cRow + j·cCol]}. Runs the vector path when
     * {@link #VECTOR} is true, the scalar path otherwise, in the current thread's
     * {@link ProductPrecision}.
     */
    static void gemm(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                     double[] b, int offB, int bRow, int bCol, double[] c, int offC, int cRow, int cCol) {
        gemm(VECTOR, m, n, k, a, offA, aRow, aCol, b, offB, bRow, bCol, c, offC, cRow, cCol);
    }

    /**
     * Runs {@link #gemm} on the scalar path, so that tests can compare it with the vector path. The
     * current thread's {@link ProductPrecision} applies as in {@link #gemm}.
     */
    static void gemmScalar(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                           double[] b, int offB, int bRow, int bCol, double[] c, int offC, int cRow, int cCol) {
        gemm(false, m, n, k, a, offA, aRow, aCol, b, offB, bRow, bCol, c, offC, cRow, cCol);
    }

    /**
     * Picks the orientation and the path. The kernels run their vector loop over the columns of
     * C, so when C has fewer columns than the path's threshold and more rows than columns, this
     * computes {@code Cᵀ += Bᵀ·Aᵀ} instead, which only swaps strides.
     */
    private static void gemm(boolean vector, int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                             double[] b, int offB, int bRow, int bCol, double[] c, int offC, int cRow, int cCol) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (ProductPrecision.current() == ProductPrecision.FLOAT32) {
            if (FloatKernels.pays(m, n, k)) {
                FloatKernels.multAdd(vector, SCRATCH.get().floats, m, n, k, a, offA, aRow, aCol, b, offB, bRow, bCol,
                        c, offC, cRow, cCol);
                return;
            }
            if (n >= FloatKernels.MIN_COLUMNS && FloatKernels.pays(n, m, k)) {
                // Cᵀ += Bᵀ·Aᵀ, for a C whose columns fill too little of their tiles but whose rows
                // would not. With fewer than 16 columns, A would be packed for too few rows of Cᵀ.
                FloatKernels.multAdd(vector, SCRATCH.get().floats, n, m, k, b, offB, bCol, bRow, a, offA, aCol, aRow,
                        c, offC, cCol, cRow);
                return;
            }
        }
        boolean transpose = n < (vector ? VECTOR_FLIP_BELOW : FLIP_BELOW) && m > n;
        if (transpose && vector) {
            gemmVector(n, m, k, b, offB, bCol, bRow, a, offA, aCol, aRow, c, offC, cCol, cRow);
        } else if (vector) {
            gemmVector(m, n, k, a, offA, aRow, aCol, b, offB, bRow, bCol, c, offC, cRow, cCol);
        } else if (transpose) {
            gemmOriented(n, m, k, b, offB, bCol, bRow, a, offA, aCol, aRow, c, offC, cCol, cRow);
        } else {
            gemmOriented(m, n, k, a, offA, aRow, aCol, b, offB, bRow, bCol, c, offC, cRow, cCol);
        }
    }

    /**
     * Runs the {@link VectorKernels} path. It copies B into contiguous rows unless its rows already
     * are, and C likewise, because the vector kernel reads and writes whole rows.
     */
    private static void gemmVector(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                                   double[] b, int offB, int bRow, int bCol,
                                   double[] c, int offC, int cRow, int cCol) {
        Scratch scratch = SCRATCH.get();
        double[] bRows = b;
        int bStart = offB;
        int bStride = bRow;
        if (bCol != 1) {
            bRows = scratch.block(k * n);
            bStart = 0;
            bStride = n;
            for (int j = 0; j < n; j++) {
                int at = offB + j * bCol;
                for (int p = 0; p < k; p++) {
                    bRows[p * n + j] = b[at + p * bRow];
                }
            }
        }
        if (cCol == 1) {
            VectorKernels.multAdd(m, n, k, a, offA, aRow, aCol, bRows, bStart, bStride, c, offC, cRow);
            return;
        }
        double[] cRows = scratch.accumulator(m * n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                cRows[i * n + j] = c[offC + i * cRow + j * cCol];
            }
        }
        VectorKernels.multAdd(m, n, k, a, offA, aRow, aCol, bRows, bStart, bStride, cRows, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[offC + i * cRow + j * cCol] = cRows[i * n + j];
            }
        }
    }

    /**
     * Runs the scalar path on an oriented product: unpacked below {@value #PACK_MIN_ROWS} rows of
     * C, packed from there on.
     */
    private static void gemmOriented(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                                     double[] b, int offB, int bRow, int bCol,
                                     double[] c, int offC, int cRow, int cCol) {
        if (m < PACK_MIN_ROWS) {
            multAddUnpacked(m, n, k, a, offA, aRow, aCol, b, offB, bRow, bCol, c, offC, cRow, cCol);
            return;
        }
        Scratch scratch = SCRATCH.get();
        double[][] rows = scratch.rows(k, n);
        if (bCol == 1) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, offB + p * bRow, rows[p], 0, n);
            }
        } else {
            // read B along its storage order, which for a transposed B is down the columns
            for (int j = 0; j < n; j++) {
                int at = offB + j * bCol;
                for (int p = 0; p < k; p++) {
                    rows[p][j] = b[at + p * bRow];
                }
            }
        }
        multAddPacked(m, n, k, a, offA, aRow, aCol, rows, c, offC, cRow, cCol, scratch.accumulator(n));
    }

    /**
     * Runs the kernel the JIT vectorizes, with row {@code p} of B in {@code rows[p][0..n)}. Each
     * row of C is copied into {@code accumulator}, takes four rows of B per pass and is copied back.
     */
    private static void multAddPacked(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                                      double[][] rows, double[] c, int offC, int cRow, int cCol,
                                      double[] accumulator) {
        for (int i = 0; i < m; i++) {
            int a0 = offA + i * aRow;
            int c0 = offC + i * cRow;
            if (cCol == 1) {
                System.arraycopy(c, c0, accumulator, 0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    accumulator[j] = c[c0 + j * cCol];
                }
            }
            int p = 0;
            for (; p + 3 < k; p += 4) {
                int at = a0 + p * aCol;
                double x0 = a[at];
                double x1 = a[at + aCol];
                double x2 = a[at + 2 * aCol];
                double x3 = a[at + 3 * aCol];
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
                double x0 = a[a0 + p * aCol];
                double[] b0 = rows[p];
                for (int j = 0; j < n; j++) {
                    accumulator[j] = multiplyAdd(x0, b0[j], accumulator[j]);
                }
            }
            if (cCol == 1) {
                System.arraycopy(accumulator, 0, c, c0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    c[c0 + j * cCol] = accumulator[j];
                }
            }
        }
    }

    /**
     * Runs the kernel for products with too few rows to repay the copy of B. Each element of C
     * takes four products per step in a scalar loop, in the same order as the packed kernel.
     */
    private static void multAddUnpacked(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                                        double[] b, int offB, int bRow, int bCol,
                                        double[] c, int offC, int cRow, int cCol) {
        for (int i = 0; i < m; i++) {
            int a0 = offA + i * aRow;
            int c0 = offC + i * cRow;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                int at = a0 + p * aCol;
                double x0 = a[at];
                double x1 = a[at + aCol];
                double x2 = a[at + 2 * aCol];
                double x3 = a[at + 3 * aCol];
                int b0 = offB + p * bRow;
                int b1 = b0 + bRow;
                int b2 = b1 + bRow;
                int b3 = b2 + bRow;
                for (int j = 0; j < n; j++) {
                    int cj = c0 + j * cCol;
                    int bj = j * bCol;
                    c[cj] = multiplyAdd(x3, b[b3 + bj], multiplyAdd(x2, b[b2 + bj],
                            multiplyAdd(x1, b[b1 + bj], multiplyAdd(x0, b[b0 + bj], c[cj]))));
                }
            }
            for (; p < k; p++) {
                double x0 = a[a0 + p * aCol];
                int b0 = offB + p * bRow;
                for (int j = 0; j < n; j++) {
                    int cj = c0 + j * cCol;
                    c[cj] = multiplyAdd(x0, b[b0 + j * bCol], c[cj]);
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
