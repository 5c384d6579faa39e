package dev.enn.model;

import dev.enn.tensor.MatrixKernels;
import dev.enn.tensor.Tensor;

/**
 * The fused entangle-and-mix step of {@link EnnModel}, with its backward beside the forward.
 * One op in place of a broadcast multiply, a transpose and a batched product keeps a training
 * step of the small model free of broadcast index maps and extra graph nodes.
 *
 * <p>The kernel works on a neuron-major copy {@code [N, B·S]} of the grid, where column
 * {@code j = b·S + s}. Mixing across neurons then becomes one product {@code Mᵀ · X} whose inner
 * loops run over all B·S columns at once instead of over S alone.
 */
final class EnnKernels {
    private EnnKernels() {
    }

    /**
     * Computes {@code y[b, m, s] = Σ_n x[b, n, s] · g[n, s] · M[n, m]}: the entanglement gate
     * applied element-wise, then the mixing matrix applied across neurons ({@code Mᵀ} times each
     * column {@code x[b, :, s]}). Callers check the shapes.
     *
     * @param x {@code [B, N, S]}
     * @param gate {@code [N, S]} (the model passes σ(E)), or {@code null} for no gate
     * @param mixing {@code [N, N]}
     * @return {@code [B, N, S]}
     */
    /**
     * Returns {@code output} after checking that an attention sub-layer kept the grid's shape
     * {@code [B, N, S]}; a provider that changes it would otherwise be mixed with the wrong entries.
     *
     * @throws IllegalStateException naming the sub-layer and both shapes
     */
    static Tensor requireGridShape(Tensor output, Tensor input, String part) {
        if (!java.util.Arrays.equals(output.shape(), input.shape())) {
            throw new IllegalStateException(part + " returned shape " + java.util.Arrays.toString(output.shape())
                    + " for an input of shape " + java.util.Arrays.toString(input.shape())
                    + "; an ENN attention sub-layer must keep the [B, N, S] shape. Check the attention provider");
        }
        return output;
    }

    static Tensor gateAndMix(Tensor x, Tensor gate, Tensor mixing) {
        int[] shape = x.shape();
        int batch = shape[0];
        int neurons = shape[1];
        int states = shape[2];
        int columns = batch * states;
        double[] xv = x.dataView();
        double[] gv = gate == null ? null : gate.dataView();
        double[] mv = mixing.dataView();

        // gated[n, b·S + s] = x[b, n, s] · g[n, s]
        double[] gated = new double[xv.length];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < neurons; n++) {
                int from = (b * neurons + n) * states;
                int to = n * columns + b * states;
                for (int s = 0; s < states; s++) {
                    gated[to + s] = gv == null ? xv[from + s] : xv[from + s] * gv[n * states + s];
                }
            }
        }

        // mixed[m, :] = Σ_n M[n, m] · gated[n, :], that is mixed = Mᵀ · gated
        double[] mixed = new double[xv.length];
        MatrixKernels.multAddTransA(neurons, columns, neurons, mv, 0, gated, 0, mixed, 0);

        double[] y = toBatchMajor(mixed, batch, neurons, states);
        return Tensor.fromOp(y, shape, yGrad -> {
            double[] mixedGrad = toNeuronMajor(yGrad, batch, neurons, states);

            // mixed = Mᵀ · gated  ⇒  gatedGrad[n, :] = Σ_m M[n, m] · mixedGrad[m, :]
            double[] gatedGrad = new double[mixedGrad.length];
            MatrixKernels.multAdd(neurons, columns, neurons, mv, 0, mixedGrad, 0, gatedGrad, 0);

            // ⇒ mixingGrad[n, m] += Σ_j gated[n, j] · mixedGrad[m, j], that is gated · mixedGradᵀ
            if (mixing.requiresGrad()) {
                MatrixKernels.multAddTransB(neurons, neurons, columns, gated, 0, mixedGrad, 0, mixing.gradBuffer(), 0);
            }

            // gated = x · g  ⇒  xGrad[b, n, s] += g[n, s] · gatedGrad[n, b·S + s]
            if (x.requiresGrad()) {
                double[] xGrad = x.gradBuffer();
                for (int b = 0; b < batch; b++) {
                    for (int n = 0; n < neurons; n++) {
                        int at = (b * neurons + n) * states;
                        int from = n * columns + b * states;
                        for (int s = 0; s < states; s++) {
                            xGrad[at + s] += gv == null ? gatedGrad[from + s] : gv[n * states + s] * gatedGrad[from + s];
                        }
                    }
                }
            }

            // ⇒ gateGrad[n, s] += Σ_b x[b, n, s] · gatedGrad[n, b·S + s]
            if (gate != null && gate.requiresGrad()) {
                double[] gateGrad = gate.gradBuffer();
                for (int b = 0; b < batch; b++) {
                    for (int n = 0; n < neurons; n++) {
                        int at = (b * neurons + n) * states;
                        int from = n * columns + b * states;
                        for (int s = 0; s < states; s++) {
                            gateGrad[n * states + s] += xv[at + s] * gatedGrad[from + s];
                        }
                    }
                }
            }
        }, x, gate, mixing);
    }

    /** Copies a batch-major grid {@code [B, N, S]} into neuron-major {@code [N, B·S]}. */
    private static double[] toNeuronMajor(double[] grid, int batch, int neurons, int states) {
        double[] out = new double[grid.length];
        int columns = batch * states;
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < neurons; n++) {
                System.arraycopy(grid, (b * neurons + n) * states, out, n * columns + b * states, states);
            }
        }
        return out;
    }

    /** Copies a neuron-major grid {@code [N, B·S]} back into batch-major {@code [B, N, S]}. */
    private static double[] toBatchMajor(double[] grid, int batch, int neurons, int states) {
        double[] out = new double[grid.length];
        int columns = batch * states;
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < neurons; n++) {
                System.arraycopy(grid, n * columns + b * states, out, (b * neurons + n) * states, states);
            }
        }
        return out;
    }
}
