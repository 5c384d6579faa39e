package dev.enn.baselines.layers;

import dev.enn.tensor.Tensor;

/**
 * Batch normalisation of {@code x [B, C, L]} as one differentiable op, optionally followed by a
 * ReLU in the same op: {@code y = γ·(x − μ)/√(σ² + ε) + β} per channel.
 *
 * <p>The forward pass computes the same values as the composed ops of
 * {@link BatchNorm1d#forwardReference} in the same order of operations (the mean over L, then
 * over B; a division by √(σ² + ε)), so its output matches them bit for bit. The backward pass
 * uses the closed form of the gradient instead of differentiating every broadcast op:
 * with {@code x̂ = (x − μ)/s}, {@code s = √(σ² + ε)} and n = B·L values per channel,
 * {@code dβ = Σ g}, {@code dγ = Σ g·x̂} and, for batch statistics,
 * {@code dx = (γ/s)·(g − dβ/n − x̂·dγ/n)}; for fixed (running) statistics {@code dx = g·γ/s}.
 */
final class BatchNormKernel {
    private BatchNormKernel() {
    }

    /** Batch statistics of a training-mode call: the mean and the biased variance per channel. */
    record Statistics(double[] mean, double[] variance) {
    }

    /**
     * Computes the mean and the biased variance per channel of {@code x [B, C, L]} as the
     * composed ops do: each as the mean over L, then the mean over B.
     */
    static Statistics batchStatistics(double[] x, int batch, int channels, int length) {
        double[] mean = new double[channels];
        double[] variance = new double[channels];
        double inverseLength = 1.0 / length;
        double inverseBatch = 1.0 / batch;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int base = (b * channels + c) * length;
                double sum = 0;
                for (int l = 0; l < length; l++) {
                    sum += x[base + l];
                }
                mean[c] += sum * inverseLength;
            }
        }
        for (int c = 0; c < channels; c++) {
            mean[c] *= inverseBatch;
        }
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int base = (b * channels + c) * length;
                double sum = 0;
                for (int l = 0; l < length; l++) {
                    double centred = x[base + l] - mean[c];
                    sum += centred * centred;
                }
                variance[c] += sum * inverseLength;
            }
        }
        for (int c = 0; c < channels; c++) {
            variance[c] *= inverseBatch;
        }
        return new Statistics(mean, variance);
    }

    /**
     * Normalises {@code x [B, C, L]} with the given per-channel mean and variance.
     *
     * @param batchStatistics whether mean and variance were computed from x itself, so that the
     *     gradient flows through them; false for running statistics
     * @param relu whether to apply {@code max(y, 0)} in the same op
     */
    static Tensor normalize(Tensor x, double[] mean, double[] variance, boolean batchStatistics, boolean relu,
                            Tensor gamma, Tensor beta, double eps) {
        int batch = x.dim(0);
        int channels = x.dim(1);
        int length = x.dim(2);
        double[] xs = x.dataView();
        double[] gm = gamma.dataView();
        double[] bt = beta.dataView();
        double[] scale = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = Math.sqrt(variance[c] + eps);
        }
        double[] xhat = new double[xs.length];
        double[] y = new double[xs.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int base = (b * channels + c) * length;
                double mu = mean[c];
                double s = scale[c];
                double g = gm[c];
                double shift = bt[c];
                for (int l = 0; l < length; l++) {
                    double h = (xs[base + l] - mu) / s;
                    xhat[base + l] = h;
                    y[base + l] = relu ? relu(h * g + shift) : h * g + shift;
                }
            }
        }

        return Tensor.fromOp(y, x.shape(), g -> {
            // the ReLU passes the gradient where its output is positive; relu() never returns −0 or NaN
            double[] betaGrad = new double[channels];
            double[] gammaGrad = new double[channels];
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < channels; c++) {
                    int base = (b * channels + c) * length;
                    double betaSum = 0;
                    double gammaSum = 0;
                    for (int l = 0; l < length; l++) {
                        double upstream = relu ? passWherePositive(g[base + l], y[base + l]) : g[base + l];
                        betaSum += upstream;
                        gammaSum += upstream * xhat[base + l];
                    }
                    betaGrad[c] += betaSum;
                    gammaGrad[c] += gammaSum;
                }
            }
            if (x.requiresGrad()) {
                double[] xGrad = x.gradBuffer();
                double n = (double) batch * length;
                for (int b = 0; b < batch; b++) {
                    for (int c = 0; c < channels; c++) {
                        int base = (b * channels + c) * length;
                        double factor = gm[c] / scale[c];
                        double meanBetaGrad = batchStatistics ? betaGrad[c] / n : 0.0;
                        double meanGammaGrad = batchStatistics ? gammaGrad[c] / n : 0.0;
                        for (int l = 0; l < length; l++) {
                            double upstream = relu ? passWherePositive(g[base + l], y[base + l]) : g[base + l];
                            xGrad[base + l] += factor * (upstream - meanBetaGrad - xhat[base + l] * meanGammaGrad);
                        }
                    }
                }
            }
            if (gamma.requiresGrad()) {
                double[] target = gamma.gradBuffer();
                for (int c = 0; c < channels; c++) {
                    target[c] += gammaGrad[c];
                }
            }
            if (beta.requiresGrad()) {
                double[] target = beta.gradBuffer();
                for (int c = 0; c < channels; c++) {
                    target[c] += betaGrad[c];
                }
            }
        }, x, gamma, beta);
    }

    /**
     * Returns {@code v > 0 ? v : 0.0}, as {@link Tensor#relu}, NaN included, without a branch
     * on the sign: about half of the values are negative, so such a branch is mispredicted often.
     */
    private static double relu(double v) {
        double max = Math.max(v, 0.0);
        // Math.max keeps NaN, which the branch on NaN (rare, so predicted well) turns into 0
        return max == max ? max : 0.0;
    }

    /** Returns g where the ReLU output y is positive, else +0.0; y is never −0.0 or NaN. */
    private static double passWherePositive(double g, double y) {
        long bits = Double.doubleToRawLongBits(y);
        // all ones for positive y, whose bits are a positive long, and 0 for y = +0.0
        long mask = (bits | -bits) >> 63;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(g) & mask);
    }
}
