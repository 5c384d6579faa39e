package dev.enn.tensor;

/**
 * Matrix products in float32 arithmetic for {@link ProductPrecision#FLOAT32}:
 * {@code C[m×n] += A[m×k] · B[k×n]} with float64 operands addressed by strides, as
 * {@link MatrixKernels}.
 *
 * <p>The operands are first rounded to float32 and packed: B into blocks of {@link #TILE_COLUMNS}
 * columns, each stored row after row and the last padded with zeros, and A into panels of
 * {@link #TILE_ROWS} rows stored column by column, so that a tile reads both operands in one
 * contiguous sweep. A tile of 4 × 16 elements of C sums its k products in float32 accumulators
 * from zero, one fused multiply-add per step in order of p, and a last pass adds each sum to C in
 * float64. Without the Vector API, {@link #multAddScalar} sums each element in the same order, so
 * both paths give the same bits where HotSpot uses FMA instructions (the vector path runs only
 * there).
 *
 * <p>The tile stores its sums as float32 and the last pass widens them, rather than the tile
 * converting its vectors to float64 itself: on JDK 17 that conversion
 * ({@code convertShape(F2D, …)}) is compiled to vector instructions only on some compilation
 * histories, and otherwise boxes every vector, which made some products 15 times slower.
 */
final class FloatKernels {
    /** Rows of C per tile, and of A per packed panel. */
    static final int TILE_ROWS = 4;

    /** Columns of C per tile: two 256-bit vectors of float32. */
    static final int TILE_COLUMNS = 16;

    /** Minimum rows of C for which the float32 path pays: one panel. */
    static final int MIN_ROWS = TILE_ROWS;

    /** Minimum columns of C, and terms, for which the float32 path pays. */
    static final int MIN_COLUMNS = TILE_COLUMNS;

    private FloatKernels() {
    }

    /**
     * Returns whether a product of {@code m × n} with {@code k} terms runs faster in float32 than
     * in float64: it has at least {@value #MIN_ROWS} rows and {@value #MIN_COLUMNS} columns and
     * terms, and its columns fill at least three quarters of their tiles of
     * {@value #TILE_COLUMNS}. Smaller products, or C with 20 or 33 columns, spend more on packing and
     * padding than float32 arithmetic saves. {@link MatrixKernels} then tries the transposed
     * product, and runs the product in float64 if that does not pay either.
     */
    static boolean pays(int m, int n, int k) {
        int padded = (n + TILE_COLUMNS - 1) / TILE_COLUMNS * TILE_COLUMNS;
        return m >= MIN_ROWS && n >= MIN_COLUMNS && k >= MIN_COLUMNS && 4 * n >= 3 * padded;
    }

    /** Per-thread packed operands and float32 sums, grown on demand and reused. */
    static final class Scratch {
        private float[] panels = new float[0];
        private float[] blocks = new float[0];
        private float[] sums = new float[0];
        private float[][] rowArrays = new float[0][];
        private float[] accumulator = new float[0];

        float[] panels(int length) {
            if (panels.length < length) {
                panels = new float[length];
            }
            return panels;
        }

        float[] blocks(int length) {
            if (blocks.length < length) {
                blocks = new float[length];
            }
            return blocks;
        }

        float[] sums(int length) {
            if (sums.length < length) {
                sums = new float[length];
            }
            return sums;
        }

        float[][] rowArrays(int count, int length) {
            if (rowArrays.length < count) {
                rowArrays = java.util.Arrays.copyOf(rowArrays, count);
            }
            for (int p = 0; p < count; p++) {
                if (rowArrays[p] == null || rowArrays[p].length < length) {
                    rowArrays[p] = new float[length];
                }
            }
            return rowArrays;
        }

        float[] accumulator(int length) {
            if (accumulator.length < length) {
                accumulator = new float[length];
            }
            return accumulator;
        }
    }

    /**
     * Computes {@code C += A·B} in float32 arithmetic. Entry (i, p) of A is
     * {@code a[offA + i·aRow + p·aCol]}, (p, j) of B {@code b[offB + p·bRow + j·bCol]}, (i, j) of
     * C {@code c[offC + i·cRow + j·cCol]}.
     *
     * @param vector whether to run the tiles of {@code VectorKernels.floatTile}, rather than the
     *     scalar loop of {@link #multAddScalar}
     */
    static void multAdd(boolean vector, Scratch scratch, int m, int n, int k,
                        double[] a, int offA, int aRow, int aCol,
                        double[] b, int offB, int bRow, int bCol,
                        double[] c, int offC, int cRow, int cCol) {
        if (!vector) {
            multAddScalar(scratch, m, n, k, a, offA, aRow, aCol, b, offB, bRow, bCol, c, offC, cRow, cCol);
            return;
        }
        // B in blocks of 16 columns, each stored row after row: block jb holds (p, jb·16 + jj) at
        // (jb·k + p)·16 + jj, so that a tile reads one contiguous stretch of k·16 values
        int width = (n + TILE_COLUMNS - 1) / TILE_COLUMNS * TILE_COLUMNS;
        float[] blocks = scratch.blocks(k * width);
        for (int j0 = 0; j0 < n; j0 += TILE_COLUMNS) {
            int block = j0 * k;
            int blockColumns = Math.min(TILE_COLUMNS, n - j0);
            if (blockColumns < TILE_COLUMNS) {
                java.util.Arrays.fill(blocks, block, block + k * TILE_COLUMNS, 0f);
            }
            if (bRow == 1 && bCol != 1) {
                // B is stored by columns: read each column along p
                for (int j = 0; j < blockColumns; j++) {
                    int from = offB + (j0 + j) * bCol;
                    for (int p = 0; p < k; p++) {
                        blocks[block + p * TILE_COLUMNS + j] = (float) b[from + p];
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    int from = offB + p * bRow + j0 * bCol;
                    int to = block + p * TILE_COLUMNS;
                    for (int j = 0; j < blockColumns; j++) {
                        blocks[to + j] = (float) b[from + j * bCol];
                    }
                }
            }
        }
        int panelCount = (m + TILE_ROWS - 1) / TILE_ROWS;
        float[] panels = scratch.panels(panelCount * TILE_ROWS * k);
        for (int panel = 0; panel < panelCount; panel++) {
            int base = panel * TILE_ROWS * k;
            int i0 = panel * TILE_ROWS;
            int panelRows = Math.min(TILE_ROWS, m - i0);
            if (panelRows < TILE_ROWS) {
                java.util.Arrays.fill(panels, base, base + TILE_ROWS * k, 0f);
            }
            if (aCol == 1) {
                // rows of A are contiguous: read each along p
                for (int r = 0; r < panelRows; r++) {
                    int from = offA + (i0 + r) * aRow;
                    for (int p = 0; p < k; p++) {
                        panels[base + p * TILE_ROWS + r] = (float) a[from + p];
                    }
                }
            } else if (aRow == 1 && panelRows == TILE_ROWS) {
                // columns of A are contiguous (A is stored transposed): four neighbours per p
                for (int p = 0; p < k; p++) {
                    int from = offA + i0 + p * aCol;
                    int to = base + p * TILE_ROWS;
                    panels[to] = (float) a[from];
                    panels[to + 1] = (float) a[from + 1];
                    panels[to + 2] = (float) a[from + 2];
                    panels[to + 3] = (float) a[from + 3];
                }
            } else {
                for (int p = 0; p < k; p++) {
                    int from = offA + i0 * aRow + p * aCol;
                    int to = base + p * TILE_ROWS;
                    for (int r = 0; r < panelRows; r++) {
                        panels[to + r] = (float) a[from + r * aRow];
                    }
                }
            }
        }
        // one block of B at a time, small enough to stay in the L1 cache, against every panel of
        // A; the float32 sums of C go to a scratch of whole panels and tiles
        float[] sums = scratch.sums(panelCount * TILE_ROWS * width);
        for (int j0 = 0; j0 < n; j0 += TILE_COLUMNS) {
            int block = j0 * k;
            for (int panel = 0; panel < panelCount; panel++) {
                VectorKernels.floatTile(k, panels, panel * TILE_ROWS * k, blocks, block, sums,
                        panel * TILE_ROWS * width + j0, width);
            }
        }
        // widen and add, in loops the JIT vectorizes: float[] and double[] cannot overlap
        for (int i = 0; i < m; i++) {
            int at = offC + i * cRow;
            int from = i * width;
            if (cCol == 1) {
                for (int j = 0; j < n; j++) {
                    c[at + j] += sums[from + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[at + j * cCol] += sums[from + j];
                }
            }
        }
    }

    /**
     * The scalar path: B rounded into separate row arrays that start at index 0, and each row of C
     * summed in a float32 accumulator that starts at 0, four terms per pass, in the loop shape that
     * HotSpot's loop vectorizer (SuperWord) turns into AVX instructions (see {@link MatrixKernels}).
     * Each element takes its terms in order of p with one fused multiply-add each, as the vector
     * tiles do, so both paths give the same bits.
     */
    private static void multAddScalar(Scratch scratch, int m, int n, int k,
                                      double[] a, int offA, int aRow, int aCol,
                                      double[] b, int offB, int bRow, int bCol,
                                      double[] c, int offC, int cRow, int cCol) {
        float[][] rows = scratch.rowArrays(k, n);
        for (int p = 0; p < k; p++) {
            float[] row = rows[p];
            int from = offB + p * bRow;
            for (int j = 0; j < n; j++) {
                row[j] = (float) b[from + j * bCol];
            }
        }
        float[] sum = scratch.accumulator(n);
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(sum, 0, n, 0f);
            int a0 = offA + i * aRow;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                float x0 = (float) a[a0 + p * aCol];
                float x1 = (float) a[a0 + (p + 1) * aCol];
                float x2 = (float) a[a0 + (p + 2) * aCol];
                float x3 = (float) a[a0 + (p + 3) * aCol];
                float[] b0 = rows[p];
                float[] b1 = rows[p + 1];
                float[] b2 = rows[p + 2];
                float[] b3 = rows[p + 3];
                for (int j = 0; j < n; j++) {
                    sum[j] = multiplyAdd(x3, b3[j], multiplyAdd(x2, b2[j],
                            multiplyAdd(x1, b1[j], multiplyAdd(x0, b0[j], sum[j]))));
                }
            }
            for (; p < k; p++) {
                float x0 = (float) a[a0 + p * aCol];
                float[] b0 = rows[p];
                for (int j = 0; j < n; j++) {
                    sum[j] = multiplyAdd(x0, b0[j], sum[j]);
                }
            }
            int c0 = offC + i * cRow;
            for (int j = 0; j < n; j++) {
                c[c0 + j * cCol] += sum[j];
            }
        }
    }

    /** Returns {@code a·b + c} in float32, fused where HotSpot has FMA instructions, as {@link MatrixKernels}. */
    private static float multiplyAdd(float a, float b, float c) {
        return MatrixKernels.FAST_FMA ? Math.fma(a, b, c) : a * b + c;
    }
}
