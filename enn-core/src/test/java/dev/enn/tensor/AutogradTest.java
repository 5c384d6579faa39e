package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static dev.enn.testing.TestTensors.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Reverse-mode semantics of {@link Tensor} and {@link Autograd}. */
class AutogradTest {
    /** Tolerance of the finite-difference checks, relative above magnitude 1. */
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Length of the chain that must back-propagate without recursion. */
    private static final int DEEP_CHAIN_LENGTH = 100_000;

    /** Cube as a custom op: forward and backward written against {@link Tensor#fromOp}. */
    private static Tensor cube(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * x[i] * x[i];
        }
        return Tensor.fromOp(out, a.shape(), g -> {
            // out = x³  ⇒  dx += 3x²·g
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += 3 * x[i] * x[i] * g[i];
            }
        }, a);
    }

    // ---------------------------------------------------------------- accumulation and reset

    @Test
    void leafGradientsAccumulateUntilZeroGrad() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);

        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        double[] accumulated = x.grad().toArray();
        x.zeroGrad();
        double[] cleared = x.gradView() == null ? null : x.gradView().clone();
        x.mul(3).sum().backward();

        assertArrayEquals(new double[] {6, 6}, accumulated, 0);
        assertNull(cleared);
        assertArrayEquals(new double[] {3, 3}, x.grad().toArray(), 0);
    }

    @Test
    void intermediateGradientsResetPerBackward() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        Tensor y = x.mul(2);
        Tensor loss = y.square().sum();

        loss.backward();
        loss.backward();

        assertArrayEquals(new double[] {4, 8}, y.grad().toArray(), 0);
        assertArrayEquals(new double[] {16, 32}, x.grad().toArray(), 0);
    }

    @Test
    void intermediateKeepsGradientAfterBackward() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        Tensor y = x.exp();

        y.sum().backward();

        assertArrayEquals(new double[] {1, 1}, y.grad().toArray(), 0);
    }

    @Test
    void leafReachedWithoutFlowGetsZeroGradient() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        Tensor blocked = Tensor.fromOp(new double[] {0}, new int[0], g -> { }, x);

        blocked.backward();

        assertArrayEquals(new double[] {0, 0}, x.grad().toArray(), 0);
    }

    @Test
    void constantsGetNoGradient() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        Tensor constant = Tensor.vector(3, 4);

        x.mul(constant).sum().backward();

        assertNull(constant.gradView());
        assertNull(constant.grad());
        assertFalse(constant.requiresGrad());
    }

    // ---------------------------------------------------------------- graph shapes

    @Test
    void diamondGraphAccumulatesBothPaths() {
        Tensor x = Tensor.vector(0.5, -1).requireGrad(true);
        Tensor a = x.exp();

        a.mul(a).add(a).sum().backward();

        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double e = Math.exp(x.dataView()[i]);
            expected[i] = 2 * e * e + e;
        }
        assertClose(expected, x.grad(), 1e-15);
        GradientCheck.assertGradients(in -> {
            Tensor shared = in[0].exp();
            return shared.mul(shared).add(shared);
        }, GRADIENT_TOLERANCE, param(1, 2, 3));
    }

    @Test
    void sameInputOnBothSidesOfOp() {
        Tensor x = Tensor.vector(3).requireGrad(true);

        x.mul(x).sum().backward();

        assertArrayEquals(new double[] {6}, x.grad().toArray(), 0);
    }

    @Test
    void deepChainBackpropagatesWithoutRecursion() {
        Tensor x = Tensor.scalar(2).requireGrad(true);
        Tensor y = x;
        for (int i = 0; i < DEEP_CHAIN_LENGTH; i++) {
            y = i % 2 == 0 ? y.add(1e-3) : y.mul(1.0);
        }

        y.backward();

        assertEquals(1.0, x.grad().item(), 0);
        assertEquals(2 + DEEP_CHAIN_LENGTH / 2 * 1e-3, y.item(), 1e-9);
    }

    @Test
    void deepChainThroughBinaryOps() {
        Tensor x = Tensor.scalar(1).requireGrad(true);
        Tensor weight = Tensor.scalar(1).requireGrad(true);
        Tensor y = x;
        for (int i = 0; i < DEEP_CHAIN_LENGTH; i++) {
            y = y.mul(weight);
        }

        y.backward();

        assertEquals(1.0, x.grad().item(), 0);
        assertEquals(DEEP_CHAIN_LENGTH, weight.grad().item(), 0);
    }

    // ---------------------------------------------------------------- upstream gradients

    @Test
    void backwardFromNonScalarWithUpstream() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requireGrad(true);

        x.mul(3).backward(Tensor.of(new double[] {1, -1, 0.5, 2}, 2, 2));

        assertArrayEquals(new double[] {3, -3, 1.5, 6}, x.grad().toArray(), 0);
    }

    @Test
    void backwardFromLeafAddsUpstream() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);

        x.backward(Tensor.vector(5, 6));

        assertArrayEquals(new double[] {5, 6}, x.grad().toArray(), 0);
    }

    @Test
    void backwardFromOneElementTensorOfAnyRank() {
        Tensor x = Tensor.of(new double[] {2}, 1, 1).requireGrad(true);

        x.square().backward();

        assertArrayEquals(new double[] {4}, x.grad().toArray(), 0);
    }

    // ---------------------------------------------------------------- detach, copy, leaves

    @Test
    void detachSharesValuesAndStopsGradient() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);

        Tensor d = x.detach();
        x.mul(d).sum().backward();

        assertSame(x.dataView(), d.dataView());
        assertFalse(d.requiresGrad());
        assertFalse(d.hasGraph());
        assertArrayEquals(new double[] {1, 2}, x.grad().toArray(), 0);
    }

    @Test
    void detachOfIntermediateIsLeaf() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        Tensor y = x.exp();

        Tensor d = y.detach().requireGrad(true);
        d.sum().backward();

        assertArrayEquals(new double[] {1, 1}, d.grad().toArray(), 0);
        assertNull(x.gradView());
    }

    @Test
    void copyOwnsItsValues() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);

        Tensor c = x.copy();
        c.dataView()[0] = 9;

        assertNotSame(x.dataView(), c.dataView());
        assertEquals(1.0, x.dataView()[0], 0);
        assertFalse(c.requiresGrad());
    }

    @Test
    void gradReturnsCopy() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        x.sum().backward();

        x.grad().dataView()[0] = 100;

        assertArrayEquals(new double[] {1, 1}, x.gradView(), 0);
    }

    @Test
    void gradBufferAllocatesZerosOnce() {
        Tensor x = Tensor.vector(1, 2);

        assertNull(x.gradView());
        double[] buffer = x.gradBuffer();

        assertArrayEquals(new double[] {0, 0}, buffer, 0);
        assertSame(buffer, x.gradBuffer());
        assertSame(buffer, x.gradView());
    }

    @Test
    void opOutputRequiresGradOnlyWhenInputDoes() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        Tensor constant = Tensor.vector(1, 2);

        assertTrue(x.exp().requiresGrad());
        assertTrue(x.exp().hasGraph());
        assertFalse(constant.exp().requiresGrad());
        assertFalse(constant.exp().hasGraph());
        assertTrue(constant.add(x).requiresGrad());
    }

    // ---------------------------------------------------------------- noGrad

    @Test
    void noGradRecordsNothing() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);

        Tensor y;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            y = x.exp().reshape(2, 1).matmul(Tensor.ones(1, 2)).sum(0, false).add(x);
        }

        assertFalse(y.requiresGrad());
        assertFalse(y.hasGraph());
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void noGradOfSingleOp() {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);

        try (Autograd.Scope scope = Autograd.noGrad()) {
            Tensor y = x.mul(x);

            assertFalse(y.requiresGrad());
            assertArrayEquals(new double[] {1, 4}, y.toArray(), 0);
        }
    }

    @Test
    void noGradScopesNest() {
        Tensor x = Tensor.vector(1).requireGrad(true);

        try (Autograd.Scope outer = Autograd.noGrad()) {
            try (Autograd.Scope inner = Autograd.noGrad()) {
                assertFalse(x.exp().requiresGrad());
            }
            assertFalse(Autograd.isGradEnabled());
            assertFalse(x.exp().requiresGrad());
        }

        assertTrue(Autograd.isGradEnabled());
        assertTrue(x.exp().requiresGrad());
    }

    @Test
    void noGradScopeClosedTwiceRestoresOnce() {
        Autograd.Scope outer = Autograd.noGrad();
        Autograd.Scope inner = Autograd.noGrad();

        inner.close();
        inner.close();
        boolean enabledWhileOuterOpen = Autograd.isGradEnabled();
        outer.close();

        assertFalse(enabledWhileOuterOpen);
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void noGradIsPerThread() throws InterruptedException {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        AtomicBoolean otherThreadRecorded = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        try (Autograd.Scope scope = Autograd.noGrad()) {
            Thread other = new Thread(() -> otherThreadRecorded.set(x.exp().requiresGrad()));
            other.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
            other.start();
            other.join();
            assertFalse(x.exp().requiresGrad());
        }

        assertNull(failure.get());
        assertTrue(otherThreadRecorded.get());
    }

    @Test
    void noGradElsewhereKeepsRecording() throws InterruptedException {
        Tensor x = Tensor.vector(1, 2).requireGrad(true);
        AtomicBoolean otherThreadRecorded = new AtomicBoolean(true);
        Thread other = new Thread(() -> {
            try (Autograd.Scope scope = Autograd.noGrad()) {
                otherThreadRecorded.set(x.exp().requiresGrad());
            }
        });

        Autograd.Scope[] neverClosed = new Autograd.Scope[1];
        Thread leaking = new Thread(() -> neverClosed[0] = Autograd.noGrad());
        other.start();
        leaking.start();
        other.join();
        leaking.join();

        assertFalse(otherThreadRecorded.get());
        assertTrue(Autograd.isGradEnabled());
        assertTrue(x.exp().requiresGrad());
    }

    // ---------------------------------------------------------------- custom ops

    @Test
    void customOpPassesGradientCheck() {
        Tensor x = param(2, 2, 3);

        Tensor y = cube(x);

        assertClose(x.pow(3), y, 1e-15);
        GradientCheck.assertGradients(in -> cube(in[0]), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> cube(in[0].tanh()).mul(in[0]), GRADIENT_TOLERANCE, x);
    }

    @Test
    void customOpRecordsNothingInNoGrad() {
        Tensor x = param(3, 2);

        try (Autograd.Scope scope = Autograd.noGrad()) {
            assertFalse(cube(x).requiresGrad());
        }
        assertTrue(cube(x).requiresGrad());
        assertFalse(cube(Tensor.vector(1, 2)).requiresGrad());
    }

    @Test
    void fromOpCopiesShape() {
        int[] shape = {2};

        Tensor y = Tensor.fromOp(new double[2], shape, g -> { });
        shape[0] = 5;

        assertShape(new int[] {2}, y);
    }

    @Test
    void fromOpSkipsNullInputs() {
        Tensor x = Tensor.vector(1).requireGrad(true);

        Tensor y = Tensor.fromOp(new double[] {1}, new int[] {1}, g -> x.gradBuffer()[0] += g[0], null, x);
        y.sum().backward();

        assertTrue(y.requiresGrad());
        assertArrayEquals(new double[] {1}, x.grad().toArray(), 0);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsBackwardFromNonScalarWithoutUpstream() {
        Tensor y = Tensor.vector(1, 2).requireGrad(true).mul(2);

        assertThrowsWithMessage(IllegalStateException.class, y::backward, "backward:", "[2]", "scalar", "upstream");
    }

    @Test
    void rejectsBackwardFromTensorWithoutGradient() {
        Tensor y = Tensor.vector(1).exp();

        assertThrowsWithMessage(IllegalStateException.class, y::backward, "backward:", "does not require a gradient");
    }

    @Test
    void rejectsBackwardOfOutputFromNoGrad() {
        Tensor x = Tensor.vector(1).requireGrad(true);
        Tensor y;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            y = x.exp();
        }

        assertThrowsWithMessage(IllegalStateException.class, y::backward, "noGrad");
    }

    @Test
    void rejectsUpstreamOfWrongShape() {
        Tensor y = Tensor.vector(1, 2).requireGrad(true).mul(2);

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> y.backward(Tensor.zeros(1, 2)), "backward:", "[1, 2]", "[2]");
        assertArrayEquals(new int[] {2}, e.expected());
    }

    @Test
    void rejectsRequireGradOnOpOutput() {
        Tensor y = Tensor.vector(1).requireGrad(true).exp();

        assertThrowsWithMessage(IllegalStateException.class, () -> y.requireGrad(false),
                "requireGrad:", "leaf", "detach()");
    }

    @Test
    void rejectsFromOpStorageOfWrongLength() {
        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.fromOp(new double[3], new int[] {2, 2}, g -> { }), "fromOp:", "3 output values", "[2, 2]", "4");
        assertArrayEquals(new int[] {2, 2}, e.expected());
    }

    @Test
    void rejectsFromOpWithoutBackward() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Tensor.fromOp(new double[1], new int[] {1}, null, Tensor.vector(1).requireGrad(true)));

        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("backward function is null"), e.getMessage());
    }
}
