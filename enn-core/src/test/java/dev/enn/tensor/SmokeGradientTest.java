package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmokeGradientTest {
    private static final double TOL = 1e-6;

    @Test
    void coreOpsMatchFiniteDifferences() {
        Rng rng = new Rng(7);
        Tensor a = Tensor.randn(rng, 2, 3, 4).requireGrad(true);
        Tensor w = Tensor.randn(rng, 5, 4).requireGrad(true);
        Tensor b = Tensor.randn(rng, 5).requireGrad(true);
        Tensor m = Tensor.randn(rng, 4, 2).requireGrad(true);
        Tensor bm = Tensor.randn(rng, 2, 4, 3).requireGrad(true);
        GradientCheck.assertGradients(in -> in[0].linear(in[1], in[2]).tanh(), TOL, a, w, b);
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]).sigmoid(), TOL, a, m);
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), TOL, a, bm);
        GradientCheck.assertGradients(in -> in[0].softmax(1).mul(in[0]), TOL, a);
        GradientCheck.assertGradients(in -> in[0].logSoftmax(-1), TOL, a);
        GradientCheck.assertGradients(in -> in[0].layerNorm(null, null, 1e-5).gelu(), TOL, a);
        Tensor c = Tensor.randn(rng, 3, 1).requireGrad(true);
        Tensor d = Tensor.randn(rng, 4).requireGrad(true);
        GradientCheck.assertGradients(in -> in[0].add(in[1]).div(in[2].add(5.0)).mul(in[1]), TOL, a, c, d);
        GradientCheck.assertGradients(in -> in[0].permute(2, 0, 1).reshape(4, -1).sum(1, false), TOL, a);
        GradientCheck.assertGradients(in -> Tensor.concat(1, in[0], in[0].exp()).mean(0, true), TOL, a);
        GradientCheck.assertGradients(in -> in[0].topK(2, -1).values().square(), TOL, a);
        assertTrue(true);
    }
}
