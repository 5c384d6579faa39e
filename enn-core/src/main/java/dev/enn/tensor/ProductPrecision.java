package dev.enn.tensor;

import java.util.Locale;

/**
 * The arithmetic of matrix products: every product of {@link MatrixKernels}, so every
 * {@code matmul}, {@code linear}, convolution and attention product and their gradients.
 * Tensors stay float64 either way; only the multiply-adds inside a product change.
 *
 * <ul>
 *   <li>{@link #FLOAT64}, the default: products in double precision.</li>
 *   <li>{@link #FLOAT32}: each product rounds its operands to float32, sums in float32 with fused
 *   multiply-adds, and adds the sum to its float64 output. This is the arithmetic of a float32
 *   framework such as PyTorch's default, and it runs about twice as fast with the Vector API,
 *   which fits eight float32 numbers in a 256-bit register against four float64. An element of a
 *   product with k terms differs from its float64 value by at most (k + 2)·2⁻²⁴·Σ|aᵢ·bᵢ|, about
 *   1e-7 relative unless the terms cancel. Values beyond float32's range (about 3.4e38) become
 *   infinite. Products with fewer than 4 rows or 16 columns or terms,
 *   or whose columns fill less than three quarters of the kernel's 16-wide tiles, stay float64
 *   unless their transpose qualifies: they would gain nothing.</li>
 * </ul>
 *
 * <p>The precision is per thread. A thread starts with the JVM-wide default, which the system
 * property {@code enn.products} sets ({@code float64} or {@code float32}); {@link #use()} changes
 * it within a scope:
 *
 * <pre>{@code
 * try (Autograd.Scope scope = ProductPrecision.FLOAT32.use()) {
 *     Tensor loss = lossFn.compute(model.forward(x), y);
 *     loss.backward();            // the backward products run in the scope too
 * }
 * }</pre>
 *
 * <p>Either precision gives the same bits for the same inputs on every run, and on the scalar and
 * the Vector API path alike.
 */
public enum ProductPrecision {
    /** Double-precision products, the default. */
    FLOAT64,
    /** Single-precision products added into double-precision outputs. */
    FLOAT32;

    /**
     * The system property that sets the JVM-wide default. A value other than {@code float64} or
     * {@code float32} makes the first use of this class fail, at the latest the first matrix
     * product, with an {@link ExceptionInInitializerError} whose cause names the value.
     */
    public static final String PROPERTY = "enn.products";

    private static final ProductPrecision DEFAULT = parse(System.getProperty(PROPERTY, "float64"));

    private static final ThreadLocal<ProductPrecision[]> CURRENT =
            ThreadLocal.withInitial(() -> new ProductPrecision[] {DEFAULT});

    /**
     * Whether any thread has opened a scope. Until one does, every thread has the default, and
     * {@link #current()} skips the thread-local lookup that each matrix product would pay.
     */
    private static volatile boolean scopesOpened;

    /** Returns the JVM-wide default: the system property {@value #PROPERTY}, else {@link #FLOAT64}. */
    public static ProductPrecision defaultPrecision() {
        return DEFAULT;
    }

    /** Returns the precision of products on the current thread. */
    public static ProductPrecision current() {
        return scopesOpened ? CURRENT.get()[0] : DEFAULT;
    }

    /**
     * Makes this the precision of products on the current thread until the returned scope closes,
     * which restores the previous one. Scopes nest.
     */
    public Autograd.Scope use() {
        scopesOpened = true;
        ProductPrecision[] slot = CURRENT.get();
        ProductPrecision previous = slot[0];
        slot[0] = this;
        return new Autograd.Scope() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    slot[0] = previous;
                }
            }
        };
    }

    /** Returns the lower-case name used by the system property and command lines: float64 or float32. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code float64} or {@code float32}, in any case.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static ProductPrecision parse(String value) {
        if (value != null) {
            for (ProductPrecision precision : values()) {
                if (precision.label().equalsIgnoreCase(value.trim())) {
                    return precision;
                }
            }
        }
        throw new IllegalArgumentException("invalid product precision '" + value + "': use float64 or float32"
                + " (system property " + PROPERTY + ")");
    }
}
