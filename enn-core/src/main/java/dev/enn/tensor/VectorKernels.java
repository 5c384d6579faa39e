package dev.enn.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product of {@link MatrixKernels} written with the incubating Vector API
 * ({@code jdk.incubator.vector}). It only loads when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, because {@link MatrixKernels} checks for the module
 * first and never touches this class otherwise.
 *
 * <p>It keeps a block of 4 rows × 8 columns of C in eight 256-bit registers while it runs over
 * {@code p}, so each element of B that it loads serves four rows and each broadcast element of A
 * serves eight columns, and C is loaded and stored once per block instead of once per four
 * values of {@code p}. It runs over C in strips of 32 columns, so that the strip of B stays in
 * cache while every row of A passes. Columns left over after the blocks of 8 go in blocks of 4, then one at a
 * time with four rows side by side. Rows left over after the blocks of 4 go one at a time. Each
 * element of C still takes its products one by one in order of {@code p} with a fused
 * multiply-add, exactly as the scalar kernels do, so both give the same bits.
 *
 * <p>{@link #floatTile} is the float32 tile of {@link FloatKernels}: 4 rows × 16 columns, two
 * vectors of eight float32 per row.
 */
final class VectorKernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;

    /** Columns of C per strip: 32 columns of B over 256 terms take 64 KiB. */
    private static final int STRIP_COLUMNS = 32;

    private VectorKernels() {
    }

    /** Returns whether the CPU runs 256-bit double vectors in hardware, so this class pays off. */
    static boolean supported() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= SPECIES.vectorBitSize();
    }

    /**
     * Computes {@code C[m×n] += A[m×k] · B[k×n]}, where entry (i, p) of A is
     * {@code a[offA + i·aRow + p·aCol]}, row p of B starts at {@code b[offB + p·bRow]} and row i
     * of C at {@code c[offC + i·cRow]}. The rows of B and C are contiguous.
     */
    static void multAdd(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                        double[] b, int offB, int bRow, double[] c, int offC, int cRow) {
        // strips of columns, so that the strip of B stays in cache while every row of A meets it
        for (int j0 = 0; j0 < n; j0 += STRIP_COLUMNS) {
            multAddStrip(m, Math.min(STRIP_COLUMNS, n - j0), k, a, offA, aRow, aCol, b, offB + j0, bRow, c,
                    offC + j0, cRow);
        }
    }

    private static void multAddStrip(int m, int n, int k, double[] a, int offA, int aRow, int aCol,
                                     double[] b, int offB, int bRow, double[] c, int offC, int cRow) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int a0 = offA + i * aRow;
            int c0 = offC + i * cRow;
            int j = 0;
            for (; j + 7 < n; j += 8) {
                block4x8(k, a, a0, aRow, aCol, b, offB + j, bRow, c, c0 + j, cRow);
            }
            for (; j + 3 < n; j += 4) {
                block4x4(k, a, a0, aRow, aCol, b, offB + j, bRow, c, c0 + j, cRow);
            }
            for (; j < n; j++) {
                column4(k, a, a0, aRow, aCol, b, offB + j, bRow, c, c0 + j, cRow);
            }
        }
        for (; i < m; i++) {
            int a0 = offA + i * aRow;
            int c0 = offC + i * cRow;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                block1x4(k, a, a0, aCol, b, offB + j, bRow, c, c0 + j);
            }
            for (; j < n; j++) {
                column(k, a, a0, aCol, b, offB + j, bRow, c, c0 + j);
            }
        }
    }

    private static void block4x8(int k, double[] a, int a0, int aRow, int aCol, double[] b, int b0, int bRow,
                                 double[] c, int c0, int cRow) {
        int c1 = c0 + cRow;
        int c2 = c1 + cRow;
        int c3 = c2 + cRow;
        DoubleVector r00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector r01 = DoubleVector.fromArray(SPECIES, c, c0 + 4);
        DoubleVector r10 = DoubleVector.fromArray(SPECIES, c, c1);
        DoubleVector r11 = DoubleVector.fromArray(SPECIES, c, c1 + 4);
        DoubleVector r20 = DoubleVector.fromArray(SPECIES, c, c2);
        DoubleVector r21 = DoubleVector.fromArray(SPECIES, c, c2 + 4);
        DoubleVector r30 = DoubleVector.fromArray(SPECIES, c, c3);
        DoubleVector r31 = DoubleVector.fromArray(SPECIES, c, c3 + 4);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * bRow;
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, b, bp + 4);
            int ap = a0 + p * aCol;
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[ap]);
            r00 = x.fma(v0, r00);
            r01 = x.fma(v1, r01);
            x = DoubleVector.broadcast(SPECIES, a[ap + aRow]);
            r10 = x.fma(v0, r10);
            r11 = x.fma(v1, r11);
            x = DoubleVector.broadcast(SPECIES, a[ap + 2 * aRow]);
            r20 = x.fma(v0, r20);
            r21 = x.fma(v1, r21);
            x = DoubleVector.broadcast(SPECIES, a[ap + 3 * aRow]);
            r30 = x.fma(v0, r30);
            r31 = x.fma(v1, r31);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + 4);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + 4);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + 4);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + 4);
    }

    private static void block4x4(int k, double[] a, int a0, int aRow, int aCol, double[] b, int b0, int bRow,
                                 double[] c, int c0, int cRow) {
        int c1 = c0 + cRow;
        int c2 = c1 + cRow;
        int c3 = c2 + cRow;
        DoubleVector r0 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector r1 = DoubleVector.fromArray(SPECIES, c, c1);
        DoubleVector r2 = DoubleVector.fromArray(SPECIES, c, c2);
        DoubleVector r3 = DoubleVector.fromArray(SPECIES, c, c3);
        for (int p = 0; p < k; p++) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, b, b0 + p * bRow);
            int ap = a0 + p * aCol;
            r0 = DoubleVector.broadcast(SPECIES, a[ap]).fma(v, r0);
            r1 = DoubleVector.broadcast(SPECIES, a[ap + aRow]).fma(v, r1);
            r2 = DoubleVector.broadcast(SPECIES, a[ap + 2 * aRow]).fma(v, r2);
            r3 = DoubleVector.broadcast(SPECIES, a[ap + 3 * aRow]).fma(v, r3);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c1);
        r2.intoArray(c, c2);
        r3.intoArray(c, c3);
    }

    private static void block1x4(int k, double[] a, int a0, int aCol, double[] b, int b0, int bRow,
                                 double[] c, int c0) {
        DoubleVector r = DoubleVector.fromArray(SPECIES, c, c0);
        for (int p = 0; p < k; p++) {
            r = DoubleVector.broadcast(SPECIES, a[a0 + p * aCol]).fma(DoubleVector.fromArray(SPECIES, b, b0 + p * bRow), r);
        }
        r.intoArray(c, c0);
    }

    /** Adds into one column of four rows of C, as four independent scalar chains so that they overlap. */
    private static void column4(int k, double[] a, int a0, int aRow, int aCol, double[] b, int b0, int bRow,
                                double[] c, int c0, int cRow) {
        double s0 = c[c0];
        double s1 = c[c0 + cRow];
        double s2 = c[c0 + 2 * cRow];
        double s3 = c[c0 + 3 * cRow];
        for (int p = 0; p < k; p++) {
            double v = b[b0 + p * bRow];
            int ap = a0 + p * aCol;
            s0 = Math.fma(a[ap], v, s0);
            s1 = Math.fma(a[ap + aRow], v, s1);
            s2 = Math.fma(a[ap + 2 * aRow], v, s2);
            s3 = Math.fma(a[ap + 3 * aRow], v, s3);
        }
        c[c0] = s0;
        c[c0 + cRow] = s1;
        c[c0 + 2 * cRow] = s2;
        c[c0 + 3 * cRow] = s3;
    }

    private static void column(int k, double[] a, int a0, int aCol, double[] b, int b0, int bRow, double[] c, int at) {
        double sum = c[at];
        for (int p = 0; p < k; p++) {
            sum = Math.fma(a[a0 + p * aCol], b[b0 + p * bRow], sum);
        }
        c[at] = sum;
    }

    /**
     * Sums {@code Σ_p panel(p, r)·block(p, j)} for the 4 × 16 elements of a float32 tile of
     * {@code FloatKernels}, from zero with one fused multiply-add per p, and stores them at
     * {@code sums[at + r·row + j]}. Entry (p, r) of the panel is {@code panels[base + 4p + r]},
     * entry (p, j) of the block {@code blocks[block + 16p + j]}.
     */
    static void floatTile(int k, float[] panels, int base, float[] blocks, int block, float[] sums, int at, int row) {
        FloatVector r00 = FloatVector.zero(FLOATS);
        FloatVector r01 = r00;
        FloatVector r10 = r00;
        FloatVector r11 = r00;
        FloatVector r20 = r00;
        FloatVector r21 = r00;
        FloatVector r30 = r00;
        FloatVector r31 = r00;

        for (int p = 0; p < k; p++) {
            int bp = block + 16 * p;
            FloatVector v0 = FloatVector.fromArray(FLOATS, blocks, bp);
            FloatVector v1 = FloatVector.fromArray(FLOATS, blocks, bp + 8);
            int ap = base + 4 * p;
            FloatVector x = FloatVector.broadcast(FLOATS, panels[ap]);
            r00 = x.fma(v0, r00);
            r01 = x.fma(v1, r01);
            x = FloatVector.broadcast(FLOATS, panels[ap + 1]);
            r10 = x.fma(v0, r10);
            r11 = x.fma(v1, r11);
            x = FloatVector.broadcast(FLOATS, panels[ap + 2]);
            r20 = x.fma(v0, r20);
            r21 = x.fma(v1, r21);
            x = FloatVector.broadcast(FLOATS, panels[ap + 3]);
            r30 = x.fma(v0, r30);
            r31 = x.fma(v1, r31);
        }

        r00.intoArray(sums, at);
        r01.intoArray(sums, at + 8);
        r10.intoArray(sums, at + row);
        r11.intoArray(sums, at + row + 8);
        r20.intoArray(sums, at + 2 * row);
        r21.intoArray(sums, at + 2 * row + 8);
        r30.intoArray(sums, at + 3 * row);
        r31.intoArray(sums, at + 3 * row + 8);
    }
}
