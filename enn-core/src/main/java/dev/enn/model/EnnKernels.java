package dev.enn.model;

import dev.enn.tensor.Tensor;

/**
 * The fused entangle-and-mix step of {@link EnnModel}, with its backward beside the forward.
 * One op in place of a broadcast multiply, a transpose and a batched product keeps a training
 * step of the small model free of index maps and intermediate copies.
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
    static Tensor gateAndMix(Tensor x, Tensor gate, Tensor mixing) {
        int[] shape = x.shape();
        int batch = shape[0];
        int neurons = shape[1];
        int states = shape[2];
        int grid = neurons * states;
        double[] xv = x.dataView();
        double[] gv = gate == null ? null : gate.dataView();
        double[] mv = mixing.dataView();

        // gated[b, n, s] = x[b, n, s] · g[n, s]
        double[] gated = xv;
        if (gv != null) {
            gated = new double[xv.length];
            for (int b = 0; b < batch; b++) {
                int base = b * grid;
                for (int i = 0; i < grid; i++) {
                    gated[base + i] = xv[base + i] * gv[i];
                }
            }
        }

        // y[b, m, :] = Σ_n M[n, m] · gated[b, n, :]
        double[] out = new double[xv.length];
        for (int b = 0; b < batch; b++) {
            int base = b * grid;
            for (int n = 0; n < neurons; n++) {
                int in = base + n * states;
                for (int m = 0; m < neurons; m++) {
                    double coefficient = mv[n * neurons + m];
                    int to = base + m * states;
                    for (int s = 0; s < states; s++) {
                        out[to + s] += coefficient * gated[in + s];
                    }
                }
            }
        }

        double[] gatedValues = gated;
        return Tensor.fromOp(out, shape, outGrad -> {
            // y = Σ_n M[n, m] · gated[n]  ⇒  gatedGrad[b, n, s] = Σ_m M[n, m] · yGrad[b, m, s]
            double[] gatedGrad = new double[outGrad.length];
            for (int b = 0; b < batch; b++) {
                int base = b * grid;
                for (int n = 0; n < neurons; n++) {
                    int to = base + n * states;
                    for (int m = 0; m < neurons; m++) {
                        double coefficient = mv[n * neurons + m];
                        int from = base + m * states;
                        for (int s = 0; s < states; s++) {
                            gatedGrad[to + s] += coefficient * outGrad[from + s];
                        }
                    }
                }
            }

            // ⇒ mixingGrad[n, m] += Σ_b Σ_s gated[b, n, s] · yGrad[b, m, s]
            if (mixing.requiresGrad()) {
                double[] mixingGrad = mixing.gradBuffer();
                for (int b = 0; b < batch; b++) {
                    int base = b * grid;
                    for (int n = 0; n < neurons; n++) {
                        int in = base + n * states;
                        for (int m = 0; m < neurons; m++) {
                            int from = base + m * states;
                            double sum = 0;
                            for (int s = 0; s < states; s++) {
                                sum += gatedValues[in + s] * outGrad[from + s];
                            }
                            mixingGrad[n * neurons + m] += sum;
                        }
                    }
                }
            }

            // gated = x · g  ⇒  xGrad += g · gatedGrad,  gateGrad[n, s] += Σ_b x[b, n, s] · gatedGrad[b, n, s]
            if (x.requiresGrad()) {
                double[] xGrad = x.gradBuffer();
                for (int b = 0; b < batch; b++) {
                    int base = b * grid;
                    for (int i = 0; i < grid; i++) {
                        xGrad[base + i] += gv == null ? gatedGrad[base + i] : gv[i] * gatedGrad[base + i];
                    }
                }
            }
            if (gate != null && gate.requiresGrad()) {
                double[] gateGrad = gate.gradBuffer();
                for (int b = 0; b < batch; b++) {
                    int base = b * grid;
                    for (int i = 0; i < grid; i++) {
                        gateGrad[i] += xv[base + i] * gatedGrad[base + i];
                    }
                }
            }
        }, x, gate, mixing);
    }
}
