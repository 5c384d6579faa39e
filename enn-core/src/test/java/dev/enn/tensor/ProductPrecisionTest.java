package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Float32 products: their bits against a loop that spells out the arithmetic, the scalar path
 * against the vector path, their distance from float64 products, and the per-thread scopes.
 */
class ProductPrecisionTest {
    /** Row counts from the float32 minimum on, with partial panels of four. */
    private static final int[] ROWS = {4, 5, 7, 17, 33};
    /** Column counts that fill three quarters of their tiles of sixteen, some partly. */
    private static final int[] COLUMNS = {16, 24, 45, 64, 70};
    /** Term counts from the float32 minimum on. */
    private static final int[] TERMS = {16, 17, 45, 64};

    /** A product and the strides of its operands; entry (i, p) of A is a[offA + i·aRow + p·aCol]. */
    private record Layout(String name, boolean transposeA, boolean transposeB, boolean transposeC) {
    }

    private static final Layout[] LAYOUTS = {
        new Layout("A·B", false, false, false),
        new Layout("Aᵀ·B", true, false, false),
        new Layout("A·Bᵀ", false, true, false),
        new Layout("Aᵀ·Bᵀ into Cᵀ", true, true, true),
    };

    @Test
    void float32SumsMatchSpelledOutLoop() {
        // Each element of C gets Σ_p fl32(a)·fl32(b) summed from zero in float32, one fused
        // multiply-add per p in order, then added to C in float64. The loop below spells that out.
        assumeTrue(MatrixKernels.FAST_FMA, "the float32 path fuses each step only where HotSpot has FMA");
        Rng rng = new Rng(61);
        List<int[]> shapes = new ArrayList<>();
        for (int m : ROWS) {
            for (int n : COLUMNS) {
                for (int k : TERMS) {
                    shapes.add(new int[] {m, n, k});
                }
            }
        }
        // columns that fill too little of their tiles, and rows that would not: transposed products
        shapes.addAll(List.of(new int[] {48, 20, 40}, new int[] {64, 33, 16}, new int[] {40, 17, 17}));
        for (Layout layout : LAYOUTS) {
            for (int[] shape : shapes) {
                int m = shape[0];
                int n = shape[1];
                int k = shape[2];
                Operands o = new Operands(rng, m, n, k, layout);
                double[] expected = o.c.clone();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float sum = 0f;
                        for (int p = 0; p < k; p++) {
                            sum = Math.fma((float) o.a(i, p), (float) o.b(p, j), sum);
                        }
                        expected[o.cIndex(i, j)] += sum;
                    }
                }
                double[] actual = o.c.clone();
                try (Autograd.Scope scope = ProductPrecision.FLOAT32.use()) {
                    o.gemm(actual, false);
                }
                assertArrayEquals(expected, actual, layout.name + ", m " + m + ", n " + n + ", k " + k);
            }
        }
    }

    @Test
    void scalarAndVectorPathsAgree() {
        assumeTrue(MatrixKernels.VECTOR, "needs --add-modules jdk.incubator.vector and 256-bit FMA");
        Rng rng = new Rng(62);
        try (Autograd.Scope scope = ProductPrecision.FLOAT32.use()) {
            for (Layout layout : LAYOUTS) {
                for (int size : new int[] {24, 40, 97}) {
                    Operands o = new Operands(rng, size - 13, size + 5, size + 2, layout);
                    double[] vector = o.c.clone();
                    double[] scalar = o.c.clone();
                    o.gemm(vector, false);
                    o.gemm(scalar, true);
                    assertArrayEquals(scalar, vector, layout.name + ", size " + size);
                }
            }
        }
    }

    @Test
    void float32StaysWithinRoundingBound() {
        Rng rng = new Rng(63);
        for (Layout layout : LAYOUTS) {
            Operands o = new Operands(rng, 70, 50, 200, layout);
            double[] float64 = new double[o.c.length];
            double[] float32 = new double[o.c.length];
            double[] magnitude = new double[o.c.length];
            o.gemm(float64, false);
            try (Autograd.Scope scope = ProductPrecision.FLOAT32.use()) {
                o.gemm(float32, false);
            }
            for (int i = 0; i < o.m; i++) {
                for (int j = 0; j < o.n; j++) {
                    double bound = 0;
                    for (int p = 0; p < o.k; p++) {
                        bound += Math.abs(o.a(i, p) * o.b(p, j));
                    }
                    magnitude[o.cIndex(i, j)] = bound;
                }
            }
            for (int e = 0; e < float64.length; e++) {
                // two operand roundings and k sums of 2^-24 each bound the error by (k + 2)·2^-24·Σ|a·b|
                double allowed = (o.k + 2) * 0x1p-24 * magnitude[e];
                assertTrue(Math.abs(float32[e] - float64[e]) <= allowed,
                        layout.name + ": element " + e + " differs by " + Math.abs(float32[e] - float64[e]));
            }
            assertNotEquals(0, Arrays.compare(float64, float32), "float32 products should round somewhere");
        }
    }

    @Test
    void smallProductsStayFloat64() {
        Rng rng = new Rng(64);
        int fewRows = FloatKernels.MIN_ROWS - 1;
        int few = FloatKernels.MIN_COLUMNS - 1;
        // neither the product nor its transpose pays; 20 and 33 columns fill 20/32 and 33/48 of
        // their tiles, under three quarters
        // and a C of fewer than 16 columns is not transposed either
        int[][] shapes = {{fewRows, 40, 40}, {40, fewRows, 40}, {40, few, 40}, {40, 40, few}, {20, 20, 40},
            {33, 33, 40}, {20, 33, 40}};
        for (int[] shape : shapes) {
            Operands o = new Operands(rng, shape[0], shape[1], shape[2], LAYOUTS[0]);
            double[] float64 = o.c.clone();
            double[] float32 = o.c.clone();
            o.gemm(float64, false);
            try (Autograd.Scope scope = ProductPrecision.FLOAT32.use()) {
                o.gemm(float32, false);
            }
            assertArrayEquals(float64, float32, Arrays.toString(shape));
        }
    }

    @Test
    void tensorOpsFollowScope() {
        Rng rng = new Rng(65);
        Tensor x = Tensor.randn(rng, 32, 48).requireGrad(true);
        Tensor w = Tensor.randn(rng, 40, 48).requireGrad(true);
        Tensor y64 = x.linear(w, null);
        Tensor y32;
        try (Autograd.Scope scope = ProductPrecision.FLOAT32.use()) {
            y32 = x.linear(w, null);
            y32.sum().backward();
        }
        double[] grad32 = w.grad().dataView().clone();
        w.zeroGrad();
        y64.sum().backward();
        assertNotEquals(0, Arrays.compare(y64.dataView(), y32.dataView()));
        assertArrayEquals(y64.dataView(), y32.dataView(), 1e-4);
        assertArrayEquals(w.grad().dataView(), grad32, 1e-4);
    }

    @Test
    void scopesNestAndRestore() {
        ProductPrecision outside = ProductPrecision.current();
        try (Autograd.Scope first = ProductPrecision.FLOAT32.use()) {
            assertEquals(ProductPrecision.FLOAT32, ProductPrecision.current());
            try (Autograd.Scope second = ProductPrecision.FLOAT64.use()) {
                assertEquals(ProductPrecision.FLOAT64, ProductPrecision.current());
            }
            assertEquals(ProductPrecision.FLOAT32, ProductPrecision.current());
            first.close();
            first.close();
            assertEquals(outside, ProductPrecision.current());
        }
        assertEquals(outside, ProductPrecision.current());
    }

    @Test
    void scopeIsPerThread() throws InterruptedException {
        AtomicReference<ProductPrecision> seen = new AtomicReference<>();
        try (Autograd.Scope scope = ProductPrecision.FLOAT32.use()) {
            Thread other = new Thread(() -> seen.set(ProductPrecision.current()));
            other.start();
            other.join();
        }
        assertEquals(ProductPrecision.defaultPrecision(), seen.get());
    }

    @Test
    void parseAcceptsBothNames() {
        assertEquals(ProductPrecision.FLOAT32, ProductPrecision.parse("Float32"));
        assertEquals(ProductPrecision.FLOAT64, ProductPrecision.parse(" float64 "));
        assertEquals("float32", ProductPrecision.FLOAT32.label());
    }

    @Test
    void parseRejectsUnknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProductPrecision.parse("fp16"));
        assertTrue(e.getMessage().contains("'fp16'"), e.getMessage());
        assertTrue(e.getMessage().contains("float64 or float32"), e.getMessage());
        assertTrue(e.getMessage().contains(ProductPrecision.PROPERTY), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProductPrecision.parse(null));
    }

    @Test
    void invalidPropertyFailsTheFirstProduct() throws Exception {
        // the default is read once per JVM, so the invalid value needs a JVM of its own
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-D" + ProductPrecision.PROPERTY + "=fp16", "-cp",
                System.getProperty("java.class.path"), FirstProduct.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertNotEquals(0, child.exitValue(), output);
        assertTrue(output.contains("ExceptionInInitializerError"), output);
        assertTrue(output.contains("invalid product precision 'fp16': use float64 or float32"), output);
    }

    /** Runs one matrix product in a JVM started by {@link #invalidPropertyFailsTheFirstProduct}. */
    static final class FirstProduct {
        public static void main(String[] args) {
            Tensor.randn(new Rng(1), 8, 4).linear(Tensor.randn(new Rng(2), 3, 4), null);
        }
    }

    /** Random operands at offsets in larger arrays, laid out as {@code layout} specifies. */
    private static final class Operands {
        final int m;
        final int n;
        final int k;
        final double[] a;
        final double[] b;
        final double[] c;
        final int aRow;
        final int aCol;
        final int bRow;
        final int bCol;
        final int cRow;
        final int cCol;
        static final int OFF_A = 3;
        static final int OFF_B = 5;
        static final int OFF_C = 2;

        Operands(Rng rng, int m, int n, int k, Layout layout) {
            this.m = m;
            this.n = n;
            this.k = k;
            a = Tensor.randn(rng, OFF_A + m * k).dataView();
            b = Tensor.randn(rng, OFF_B + k * n).dataView();
            c = Tensor.randn(rng, OFF_C + m * n).dataView();
            aRow = layout.transposeA ? 1 : k;
            aCol = layout.transposeA ? m : 1;
            bRow = layout.transposeB ? 1 : n;
            bCol = layout.transposeB ? k : 1;
            cRow = layout.transposeC ? 1 : n;
            cCol = layout.transposeC ? m : 1;
        }

        double a(int i, int p) {
            return a[OFF_A + i * aRow + p * aCol];
        }

        double b(int p, int j) {
            return b[OFF_B + p * bRow + j * bCol];
        }

        int cIndex(int i, int j) {
            return OFF_C + i * cRow + j * cCol;
        }

        void gemm(double[] into, boolean scalar) {
            if (scalar) {
                MatrixKernels.gemmScalar(m, n, k, a, OFF_A, aRow, aCol, b, OFF_B, bRow, bCol, into, OFF_C, cRow, cCol);
            } else {
                MatrixKernels.gemm(m, n, k, a, OFF_A, aRow, aCol, b, OFF_B, bRow, bCol, into, OFF_C, cRow, cCol);
            }
        }
    }
}
