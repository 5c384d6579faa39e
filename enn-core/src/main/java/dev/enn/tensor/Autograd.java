package dev.enn.tensor;

/**
 * Switches gradient recording per thread. Inside a {@link #noGrad()} scope no op records a graph
 * node, so inference retains nothing for a backward pass and writes to no shared state.
 *
 * <pre>{@code
 * try (Autograd.Scope scope = Autograd.noGrad()) {
 *     Tensor y = model.forward(x);
 * }
 * }</pre>
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {
    }

    /**
     * A per-thread scope, opened by {@link #noGrad()} or {@link ProductPrecision#use()}; closing it
     * restores the previous setting.
     */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Opens a scope on the current thread in which no op records gradients. Scopes nest. */
    public static Scope noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return new Scope() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    depth[0]--;
                }
            }
        };
    }

    /** Returns whether ops on the current thread record gradients. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }
}
