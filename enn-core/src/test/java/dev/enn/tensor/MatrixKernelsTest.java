package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Compares each fast kernel of {@link MatrixKernels} with its triple-loop reference, on offset
 * sub-arrays and a non-zero starting C, over sizes that cover the empty case, one row or column,
 * and remainders of the four-row unrolling.
 */
class MatrixKernelsTest {
    private static final double RELATIVE_TOLERANCE = 1e-13;
    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 13, 33, 64};
    private static final int OFFSET_A = 3;
    private static final int OFFSET_B = 5;
    private static final int OFFSET_C = 2;

    private interface Kernel {
        void run(int m, int n, int k, double[] a, int offA, double[] b, int offB, double[] c, int offC);
    }

    @Test
    void multAddMatchesReference() {
        compare(MatrixKernels::multAdd, MatrixKernels::multAddReference, 21);
    }

    @Test
    void multAddTransAMatchesReference() {
        compare(MatrixKernels::multAddTransA, MatrixKernels::multAddTransAReference, 22);
    }

    @Test
    void multAddTransBMatchesReference() {
        compare(MatrixKernels::multAddTransB, MatrixKernels::multAddTransBReference, 23);
    }

    @Test
    void packedAndUnpackedPathsGiveTheSameBits() {
        // From PACK_MIN_ROWS rows on, the kernels copy B and vectorize; one row at a time they
        // do not. Both must add each element's products in the same order.
        // Few columns and many rows run transposed, which must not change the bits either.
        Rng rng = new Rng(24);
        for (int m : new int[] {MatrixKernels.PACK_MIN_ROWS + 3, 40}) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    double[] a = Tensor.randn(rng, m * k).dataView();
                    double[] aTransposed = new double[k * m];
                    for (int i = 0; i < m; i++) {
                        for (int p = 0; p < k; p++) {
                            aTransposed[p * m + i] = a[i * k + p];
                        }
                    }
                    double[] b = Tensor.randn(rng, k * n).dataView();
                    double[] bTransposed = new double[n * k];
                    for (int p = 0; p < k; p++) {
                        for (int j = 0; j < n; j++) {
                            bTransposed[j * k + p] = b[p * n + j];
                        }
                    }
                    double[] start = Tensor.randn(rng, m * n).dataView();
                    double[] whole = start.clone();
                    double[] wholeTransA = start.clone();
                    double[] wholeTransB = start.clone();
                    double[] byRow = start.clone();
                    MatrixKernels.multAdd(m, n, k, a, 0, b, 0, whole, 0);
                    MatrixKernels.multAddTransA(m, n, k, aTransposed, 0, b, 0, wholeTransA, 0);
                    MatrixKernels.multAddTransB(m, n, k, a, 0, bTransposed, 0, wholeTransB, 0);
                    for (int i = 0; i < m; i++) {
                        MatrixKernels.multAdd(1, n, k, a, i * k, b, 0, byRow, i * n);
                    }
                    String where = "m " + m + ", n " + n + ", k " + k;
                    assertArrayEquals(byRow, whole, where);
                    assertArrayEquals(byRow, wholeTransA, where);
                    assertArrayEquals(byRow, wholeTransB, where);
                }
            }
        }
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameBits() {
        // Surefire runs with --add-modules jdk.incubator.vector, so this runs wherever the CPU
        // has FMA and 256-bit vectors (any x86-64 machine with AVX2).
        assumeTrue(MatrixKernels.VECTOR, "the Vector API kernels are not in use on this JVM or CPU");
        Rng rng = new Rng(25);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17, 33};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    double[] a = Tensor.randn(rng, m * k).dataView();
                    double[] b = Tensor.randn(rng, k * n).dataView();
                    double[] start = Tensor.randn(rng, m * n).dataView();
                    // plain layout, then A and B read transposed, then C written transposed
                    int[][] strides = {{k, 1, n, 1, n, 1}, {1, m, 1, k, n, 1}, {k, 1, n, 1, 1, m}};
                    for (int[] st : strides) {
                        double[] scalar = start.clone();
                        double[] vector = start.clone();
                        MatrixKernels.gemmScalar(m, n, k, a, 0, st[0], st[1], b, 0, st[2], st[3], scalar, 0, st[4], st[5]);
                        MatrixKernels.gemm(m, n, k, a, 0, st[0], st[1], b, 0, st[2], st[3], vector, 0, st[4], st[5]);
                        assertArrayEquals(scalar, vector, "m " + m + ", n " + n + ", k " + k + ", strides "
                                + java.util.Arrays.toString(st));
                    }
                }
            }
        }
    }

    @Test
    void referenceMatchesHandComputedProduct() {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]], added to C = 1.
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = {1, 1, 1, 1};
        MatrixKernels.multAdd(2, 2, 2, a, 0, b, 0, c, 0);
        assertEquals(20, c[0]);
        assertEquals(23, c[1]);
        assertEquals(44, c[2]);
        assertEquals(51, c[3]);
    }

    private static void compare(Kernel fast, Kernel reference, long seed) {
        Rng rng = new Rng(seed);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    double[] a = Tensor.randn(rng, OFFSET_A + m * k + 1).dataView();
                    double[] b = Tensor.randn(rng, OFFSET_B + k * n + 1).dataView();
                    double[] expected = Tensor.randn(rng, OFFSET_C + m * n + 1).dataView();
                    double[] actual = expected.clone();
                    reference.run(m, n, k, a, OFFSET_A, b, OFFSET_B, expected, OFFSET_C);
                    fast.run(m, n, k, a, OFFSET_A, b, OFFSET_B, actual, OFFSET_C);
                    for (int i = 0; i < expected.length; i++) {
                        double tolerance = RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected[i])) * Math.max(1, k);
                        assertEquals(expected[i], actual[i], tolerance,
                                "m " + m + ", n " + n + ", k " + k + ", index " + i);
                    }
                }
            }
        }
    }
}
