package dev.enn.baselines.layers;

import dev.enn.tensor.SpecialFunctions;
import dev.enn.tensor.Tensor;

/**
 * One LSTM layer over a whole sequence, in two forms with the same results: a fused op with a
 * hand-written backward pass through time, and a reference built from core tensor ops.
 *
 * <p>Gates are stacked in PyTorch's order i, f, g, o along the {@code 4H} axis:
 * {@code a = x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh}, {@code i = σ(a_i)}, {@code f = σ(a_f)},
 * {@code g = tanh(a_g)}, {@code o = σ(a_o)}, {@code c_t = f⊙c_{t−1} + i⊙g},
 * {@code h_t = o⊙tanh(c_t)}, starting from {@code h_{−1} = c_{−1} = 0}.
 */
final class LstmKernels {
    private LstmKernels() {
    }

    /**
     * Runs one layer with core tensor ops, one step at a time. Slow, but every line is a
     * differentiable core op, so it serves as the reference for {@link #fused}.
     *
     * @param x {@code [B, T, I]}
     * @return {@code [B, T, H]}
     */
    static Tensor reference(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        int batch = x.dim(0);
        int steps = x.dim(1);
        int hidden = weightHh.dim(1);
        Tensor h = Tensor.zeros(batch, hidden);
        Tensor c = Tensor.zeros(batch, hidden);
        Tensor[] outputs = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            Tensor gates = x.select(1, t).linear(weightIh, biasIh).add(h.linear(weightHh, biasHh));
            Tensor i = gates.slice(1, 0, hidden).sigmoid();
            Tensor f = gates.slice(1, hidden, 2 * hidden).sigmoid();
            Tensor g = gates.slice(1, 2 * hidden, 3 * hidden).tanh();
            Tensor o = gates.slice(1, 3 * hidden, 4 * hidden).sigmoid();
            c = f.mul(c).add(i.mul(g));
            h = o.mul(c.tanh());
            outputs[t] = h;
        }
        if (steps == 0) {
            return Tensor.zeros(batch, 0, hidden);
        }
        return Tensor.stack(1, outputs);
    }

    /**
     * Runs one layer as a single differentiable op. The forward pass keeps the gate activations
     * and cell states of every step. The backward pass walks the steps in reverse
     * (back-propagation through time), then forms the gradients of both weights in one product
     * over all steps each. The logistic gates use {@link GateFunctions#sigmoid}, so results
     * differ from {@link #reference} in the last bits.
     *
     * @param x {@code [B, T, I]}, stored as {@code [B·T, I]}, row {@code b·T + t}
     * @return {@code [B, T, H]}
     */
    static Tensor fused(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        int batch = x.dim(0);
        int steps = x.dim(1);
        int in = x.dim(2);
        int hidden = weightHh.dim(1);
        int gateWidth = 4 * hidden;
        double[] xs = x.dataView();
        double[] wIh = weightIh.dataView();
        double[] wHh = weightHh.dataView();
        double[] bIh = biasIh.dataView();
        double[] bHh = biasHh.dataView();

        // Input part of every step at once: gates[b·T + t] = x[b, t]·W_ihᵀ + b_ih + b_hh. The step
        // loop adds the recurrent part and replaces each sum by its activation, in place.
        double[] gates = new double[batch * steps * gateWidth];
        double[] biasSum = new double[gateWidth];
        for (int j = 0; j < gateWidth; j++) {
            biasSum[j] = bIh[j] + bHh[j];
        }
        for (int r = 0; r < batch * steps; r++) {
            System.arraycopy(biasSum, 0, gates, r * gateWidth, gateWidth);
        }
        DenseKernels.multTransB(batch * steps, gateWidth, in, xs, 0, wIh, 0, gates, 0);

        // Per-step state, time-major: block t holds [B, ·]. hPrev block t is h_{t−1}, block 0 is zeros.
        double[] cells = new double[steps * batch * hidden];
        double[] cellTanh = new double[steps * batch * hidden];
        double[] hPrev = new double[steps * batch * hidden];
        double[] out = new double[batch * steps * hidden];
        double[] recurrent = new double[batch * gateWidth];
        // W_hhᵀ [H, 4H], transposed once here rather than inside the product at every step
        double[] wHhTransposed = new double[hidden * gateWidth];
        for (int j = 0; j < gateWidth; j++) {
            for (int p = 0; p < hidden; p++) {
                wHhTransposed[p * gateWidth + j] = wHh[j * hidden + p];
            }
        }
        for (int t = 0; t < steps; t++) {
            int stateOff = t * batch * hidden;
            java.util.Arrays.fill(recurrent, 0.0);
            DenseKernels.mult(batch, gateWidth, hidden, hPrev, stateOff, wHhTransposed, 0, recurrent, 0);
            for (int b = 0; b < batch; b++) {
                int gRow = (b * steps + t) * gateWidth;
                int recRow = b * gateWidth;
                // i and f, then g, then o: one loop per activation keeps the loops free of branches
                for (int j = 0; j < 2 * hidden; j++) {
                    gates[gRow + j] = GateFunctions.sigmoid(gates[gRow + j] + recurrent[recRow + j]);
                }
                for (int j = 2 * hidden; j < 3 * hidden; j++) {
                    gates[gRow + j] = SpecialFunctions.tanh(gates[gRow + j] + recurrent[recRow + j]);
                }
                for (int j = 3 * hidden; j < gateWidth; j++) {
                    gates[gRow + j] = GateFunctions.sigmoid(gates[gRow + j] + recurrent[recRow + j]);
                }
                for (int j = 0; j < hidden; j++) {
                    double i = gates[gRow + j];
                    double f = gates[gRow + hidden + j];
                    double g = gates[gRow + 2 * hidden + j];
                    double o = gates[gRow + 3 * hidden + j];
                    double cOld = t == 0 ? 0.0 : cells[stateOff - batch * hidden + b * hidden + j];
                    double cNew = f * cOld + i * g;
                    double tc = SpecialFunctions.tanh(cNew);
                    double hNew = o * tc;
                    cells[stateOff + b * hidden + j] = cNew;
                    cellTanh[stateOff + b * hidden + j] = tc;
                    out[(b * steps + t) * hidden + j] = hNew;
                    if (t + 1 < steps) {
                        hPrev[stateOff + batch * hidden + b * hidden + j] = hNew;
                    }
                }
            }
        }

        return Tensor.fromOp(out, new int[] {batch, steps, hidden}, outGrad -> {
            // Gradients of the pre-activations a, batch-major like gates: row b·T + t.
            double[] gateGrad = new double[batch * steps * gateWidth];
            double[] gateGradStep = new double[batch * gateWidth];
            double[] hGradNext = new double[batch * hidden];
            double[] cGradNext = new double[batch * hidden];
            for (int t = steps - 1; t >= 0; t--) {
                int stateOff = t * batch * hidden;
                for (int b = 0; b < batch; b++) {
                    int gRow = (b * steps + t) * gateWidth;
                    int sRow = b * gateWidth;
                    for (int j = 0; j < hidden; j++) {
                        int s = stateOff + b * hidden + j;
                        double i = gates[gRow + j];
                        double f = gates[gRow + hidden + j];
                        double g = gates[gRow + 2 * hidden + j];
                        double o = gates[gRow + 3 * hidden + j];
                        double cOld = t == 0 ? 0.0 : cells[s - batch * hidden];
                        double tc = cellTanh[s];
                        // h_t is read by the output and by step t+1
                        double hGrad = outGrad[(b * steps + t) * hidden + j] + hGradNext[b * hidden + j];
                        // h_t = o⊙tanh(c_t)
                        double oGrad = hGrad * tc;
                        double cGrad = cGradNext[b * hidden + j] + hGrad * o * (1 - tc * tc);
                        // c_t = f⊙c_{t−1} + i⊙g
                        double iGrad = cGrad * g;
                        double gGrad = cGrad * i;
                        double fGrad = cGrad * cOld;
                        cGradNext[b * hidden + j] = cGrad * f;
                        // i, f, o = σ(a), g = tanh(a)
                        gateGradStep[sRow + j] = iGrad * i * (1 - i);
                        gateGradStep[sRow + hidden + j] = fGrad * f * (1 - f);
                        gateGradStep[sRow + 2 * hidden + j] = gGrad * (1 - g * g);
                        gateGradStep[sRow + 3 * hidden + j] = oGrad * o * (1 - o);
                    }
                    System.arraycopy(gateGradStep, sRow, gateGrad, (b * steps + t) * gateWidth, gateWidth);
                }
                // a_t = … + h_{t−1}·W_hhᵀ  ⇒  dh_{t−1} = da_t·W_hh
                java.util.Arrays.fill(hGradNext, 0.0);
                DenseKernels.mult(batch, hidden, gateWidth, gateGradStep, 0, wHh, 0, hGradNext, 0);
            }
            int rows = batch * steps;
            // a_t = … + h_{t−1}·W_hhᵀ  ⇒  dW_hh += Σ_t da_tᵀ·h_{t−1}, with h shifted by one step
            // (row b·T + t contains h_{t−1}, zero for t = 0)
            if (weightHh.requiresGrad() && rows > 0) {
                double[] hShifted = new double[rows * hidden];
                for (int b = 0; b < batch; b++) {
                    int first = b * steps * hidden;
                    System.arraycopy(out, first, hShifted, first + hidden, (steps - 1) * hidden);
                }
                DenseKernels.multTransA(gateWidth, hidden, rows, gateGrad, 0, hShifted, 0, weightHh.gradBuffer(), 0);
            }
            // a = x·W_ihᵀ + b_ih + b_hh + …  ⇒  dx += da·W_ih,  dW_ih += daᵀ·x
            if (x.requiresGrad()) {
                DenseKernels.mult(rows, in, gateWidth, gateGrad, 0, wIh, 0, x.gradBuffer(), 0);
            }
            if (weightIh.requiresGrad() && rows > 0) {
                DenseKernels.multTransA(gateWidth, in, rows, gateGrad, 0, xs, 0, weightIh.gradBuffer(), 0);
            }
            // both biases get Σ_rows da, summed once
            if (biasIh.requiresGrad() || biasHh.requiresGrad()) {
                double[] gateGradSum = new double[gateWidth];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < gateWidth; j++) {
                        gateGradSum[j] += gateGrad[r * gateWidth + j];
                    }
                }
                for (Tensor bias : new Tensor[] {biasIh, biasHh}) {
                    if (bias.requiresGrad()) {
                        double[] biasGrad = bias.gradBuffer();
                        for (int j = 0; j < gateWidth; j++) {
                            biasGrad[j] += gateGradSum[j];
                        }
                    }
                }
            }
        }, x, weightIh, weightHh, biasIh, biasHh);
    }
}
