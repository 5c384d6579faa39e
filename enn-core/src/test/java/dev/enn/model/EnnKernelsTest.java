package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EnnKernelsTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** The fused kernel sums in another order than the composed reference. */
    private static final double ROUNDING_TOLERANCE = 1e-12;

    @Test
    void fusedKernelMatchesComposedOpsOverSizes() {
        Rng rng = new Rng(1);
        for (int batch : new int[] {0, 1, 3}) {
            for (int neurons : new int[] {1, 2, 5}) {
                for (int states : new int[] {1, 4}) {
                    Tensor x = Tensor.randn(rng, batch, neurons, states);
                    Tensor gate = Tensor.randn(rng, neurons, states).sigmoid();
                    Tensor mixing = Tensor.randn(rng, neurons, neurons);
                    String size = "B=" + batch + " N=" + neurons + " S=" + states;

                    Tensor fused = EnnKernels.gateAndMix(x, gate, mixing);
                    Tensor ungated = EnnKernels.gateAndMix(x, null, mixing);

                    assertArrayEquals(composed(x.mul(gate), mixing).dataView(), fused.dataView(), ROUNDING_TOLERANCE, size);
                    assertArrayEquals(composed(x, mixing).dataView(), ungated.dataView(), ROUNDING_TOLERANCE, size);
                    assertArrayEquals(new int[] {batch, neurons, states}, fused.shape(), size);
                }
            }
        }
    }

    @Test
    void gatedGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, 3, 4, 2).requireGrad(true);
        Tensor gate = Tensor.randn(rng, 4, 2).requireGrad(true);
        Tensor mixing = Tensor.randn(rng, 4, 4).requireGrad(true);

        GradientCheck.assertGradients(in -> EnnKernels.gateAndMix(in[0], in[1], in[2]), GRADIENT_TOLERANCE, x, gate,
                mixing);
    }

    @Test
    void ungatedGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 2, 3, 5).requireGrad(true);
        Tensor mixing = Tensor.randn(rng, 3, 3).requireGrad(true);

        GradientCheck.assertGradients(in -> EnnKernels.gateAndMix(in[0], null, in[1]), GRADIENT_TOLERANCE, x, mixing);
    }

    /** Reference: {@code y[b] = Mᵀ · x[b]} as a transpose and a batched product. */
    private static Tensor composed(Tensor x, Tensor mixing) {
        if (x.dim(0) == 0) {
            return Tensor.zeros(x.shape());
        }
        return mixing.transpose(0, 1).matmul(x);
    }
}
