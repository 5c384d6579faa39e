package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertClose;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.TestTensors;
import org.junit.jupiter.api.Test;

class EncoderKernelsTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** The fused GELU evaluates Φ from its own table, the chain from SpecialFunctions. */
    private static final double CDF_TOLERANCE = 1e-12;
    private static final double EPS = 1e-5;
    private static final double DROPOUT = 0.3;
    /** Shapes {@code [B, T, D]} of the comparisons, including empty ones and width 1. */
    private static final int[][] SHAPES = {{1, 1, 1}, {0, 3, 4}, {2, 3, 4}, {3, 5, 8}, {2, 1, 7}};

    @Test
    void residualLayerNormMatchesChainBitForBit() {
        for (int[] shape : SHAPES) {
            for (boolean withDropout : new boolean[] {false, true}) {
                int width = shape[2];
                Tensor residual = TestTensors.randn(1, shape);
                Tensor branch = TestTensors.randn(2, shape);
                Tensor gamma = TestTensors.randn(3, width);
                Tensor beta = TestTensors.randn(4, width);
                Tensor upstream = TestTensors.randn(5, shape);
                Rng fusedRng = new Rng(6);
                Rng chainRng = new Rng(6);

                Tensor[] fusedInputs = params(residual, branch, gamma, beta);
                DropoutMask mask = DropoutMask.draw(DROPOUT, withDropout, fusedRng, residual.size());
                Tensor fused = EncoderKernels.residualLayerNorm(fusedInputs[0], fusedInputs[1], mask, fusedInputs[2], fusedInputs[3], EPS);
                fused.backward(upstream);
                Tensor[] chainInputs = params(residual, branch, gamma, beta);
                Tensor chain = chainInputs[0].add(chainInputs[1].dropout(DROPOUT, withDropout, chainRng))
                        .layerNorm(chainInputs[2], chainInputs[3], EPS);
                chain.backward(upstream);

                assertBitIdentical(chain.detach(), fused.detach());
                for (int i = 0; i < fusedInputs.length; i++) {
                    assertBitIdentical(chainInputs[i].grad(), fusedInputs[i].grad());
                }
            }
        }
    }

    @Test
    void biasGeluDropoutMatchesChain() {
        for (int[] shape : SHAPES) {
            for (boolean withDropout : new boolean[] {false, true}) {
                Tensor z = TestTensors.randn(7, shape).mul(3.0);
                Tensor bias = TestTensors.randn(8, shape[2]);
                Tensor upstream = TestTensors.randn(9, shape);
                Rng fusedRng = new Rng(10);
                Rng chainRng = new Rng(10);

                Tensor[] fusedInputs = params(z, bias);
                DropoutMask mask = DropoutMask.draw(DROPOUT, withDropout, fusedRng, z.size());
                Tensor fused = EncoderKernels.biasGeluDropout(fusedInputs[0], fusedInputs[1], mask);
                fused.backward(upstream);
                Tensor[] chainInputs = params(z, bias);
                Tensor chain = chainInputs[0].add(chainInputs[1]).gelu().dropout(DROPOUT, withDropout, chainRng);
                chain.backward(upstream);

                assertClose(chain.detach(), fused.detach(), CDF_TOLERANCE);
                assertClose(chainInputs[0].grad(), fusedInputs[0].grad(), CDF_TOLERANCE);
                assertClose(chainInputs[1].grad(), fusedInputs[1].grad(), CDF_TOLERANCE);
            }
        }
    }

    @Test
    void biasGeluWithoutGradientSameBits() {
        for (int[] shape : SHAPES) {
            Tensor z = TestTensors.randn(19, shape).mul(3.0);
            Tensor bias = TestTensors.randn(20, shape[2]);
            DropoutMask mask = DropoutMask.draw(DROPOUT, true, new Rng(21), z.size());

            Tensor plain = EncoderKernels.biasGeluDropout(z, bias, mask);
            Tensor[] inputs = params(z, bias);
            Tensor recorded = EncoderKernels.biasGeluDropout(inputs[0], inputs[1], mask);

            assertBitIdentical(recorded.detach(), plain);
        }
    }

    @Test
    void residualLayerNormMatchesFiniteDifferences() {
        Tensor residual = TestTensors.param(11, 2, 3, 4);
        Tensor branch = TestTensors.param(12, 2, 3, 4);
        Tensor gamma = TestTensors.param(13, 4);
        Tensor beta = TestTensors.param(14, 4);
        DropoutMask mask = DropoutMask.draw(DROPOUT, true, new Rng(15), 24);

        GradientCheck.assertGradients(in -> EncoderKernels.residualLayerNorm(in[0], in[1], mask, in[2], in[3], EPS),
                GRADIENT_TOLERANCE, residual, branch, gamma, beta);
    }

    @Test
    void biasGeluDropoutMatchesFiniteDifferences() {
        Tensor z = TestTensors.param(16, 2, 3, 5);
        Tensor bias = TestTensors.param(17, 5);
        DropoutMask mask = DropoutMask.draw(DROPOUT, true, new Rng(18), 30);

        GradientCheck.assertGradients(in -> EncoderKernels.biasGeluDropout(in[0], in[1], mask), GRADIENT_TOLERANCE, z, bias);
    }

    /** Returns fresh copies that require gradients, so that each path accumulates its own. */
    private static Tensor[] params(Tensor... values) {
        Tensor[] copies = new Tensor[values.length];
        for (int i = 0; i < values.length; i++) {
            copies[i] = values[i].detach().copy().requireGrad(true);
        }
        return copies;
    }
}
