package dev.enn.baselines.layers;

import dev.enn.tensor.Tensor;

/**
 * Fused element-wise ops of {@link TransformerEncoderLayer}, each replacing a chain of core ops
 * that would otherwise store every intermediate tensor and walk it again in the backward pass.
 * {@link #residualLayerNorm} computes the same values as its chain in the same order of
 * operations, so its results are bit for bit those of the chain. {@link #biasGeluDropout}
 * evaluates Φ with {@link NormalCdfTable}, so its results differ from the chain's in the last
 * bits. The tests of this class compare both with their chains.
 */
final class EncoderKernels {
    private EncoderKernels() {
    }

    /**
     * Computes {@code layerNorm(residual + dropout(branch))} over the last axis, the chain
     * {@code residual.add(branch.dropout(…)).layerNorm(gamma, beta, eps)}.
     *
     * @param residual {@code [..., D]}
     * @param branch {@code [..., D]}, the same shape
     * @param mask dropout mask of the branch, or {@code null} for none
     * @param gamma {@code [D]}
     * @param beta {@code [D]}
     */
    static Tensor residualLayerNorm(Tensor residual, Tensor branch, DropoutMask mask, Tensor gamma, Tensor beta, double eps) {
        int[] shape = residual.shape();
        int width = shape[shape.length - 1];
        int rows = width == 0 ? 0 : residual.size() / width;
        double[] r = residual.dataView();
        double[] a = branch.dataView();
        double[] gm = gamma.dataView();
        double[] bt = beta.dataView();
        double[] xhat = new double[r.length];
        double[] rstd = new double[rows];
        double[] y = new double[r.length];
        double[] sum = new double[width];
        for (int row = 0; row < rows; row++) {
            int base = row * width;
            // Two passes as in Tensor.layerNorm: the mean, corrected once for rounding, then the
            // centred sum of squares. The mean adds the sums in the same order as they are formed.
            double mean = 0;
            for (int j = 0; j < width; j++) {
                sum[j] = r[base + j] + (mask == null ? a[base + j] : a[base + j] * mask.scale(base + j));
                mean += sum[j];
            }
            mean /= width;
            double correction = 0;
            for (int j = 0; j < width; j++) {
                correction += sum[j] - mean;
            }
            mean += correction / width;
            double var = 0;
            for (int j = 0; j < width; j++) {
                double c = sum[j] - mean;
                var += c * c;
            }
            var /= width;
            double inv = 1.0 / Math.sqrt(var + eps);
            rstd[row] = inv;
            for (int j = 0; j < width; j++) {
                double h = (sum[j] - mean) * inv;
                xhat[base + j] = h;
                y[base + j] = gm[j] * h + bt[j];
            }
        }

        return Tensor.fromOp(y, shape, g -> {
            // y = γ·x̂ + β, x̂ = (s − μ)·rstd, s = residual + branch ⊙ mask
            //   ⇒  dγ += Σ_rows g·x̂,  dβ += Σ_rows g, summed row by row as the chain sums them,
            //      ds = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)),  dx̂ = g·γ
            boolean toResidual = residual.requiresGrad();
            boolean toBranch = branch.requiresGrad();
            double[] gammaGrad = gamma.requiresGrad() ? gamma.gradBuffer() : null;
            double[] betaGrad = beta.requiresGrad() ? beta.gradBuffer() : null;
            double[] residualGrad = toResidual ? residual.gradBuffer() : null;
            double[] branchGrad = toBranch ? branch.gradBuffer() : null;
            for (int row = 0; row < rows; row++) {
                int base = row * width;
                double meanDh = 0;
                double meanDhH = 0;
                for (int j = 0; j < width; j++) {
                    double upstream = g[base + j];
                    double h = xhat[base + j];
                    if (gammaGrad != null) {
                        gammaGrad[j] += upstream * h;
                    }
                    if (betaGrad != null) {
                        betaGrad[j] += upstream;
                    }
                    double dh = upstream * gm[j];
                    meanDh += dh;
                    meanDhH += dh * h;
                }
                if (!toResidual && !toBranch) {
                    continue;
                }
                meanDh /= width;
                meanDhH /= width;
                for (int j = 0; j < width; j++) {
                    double dh = g[base + j] * gm[j];
                    double sumGrad = rstd[row] * (dh - meanDh - xhat[base + j] * meanDhH);
                    if (toResidual) {
                        residualGrad[base + j] += sumGrad;
                    }
                    if (toBranch) {
                        branchGrad[base + j] += mask == null ? sumGrad : sumGrad * mask.scale(base + j);
                    }
                }
            }
        }, residual, branch, gamma, beta);
    }

    /**
     * Computes {@code dropout(GELU(z + bias))} with the exact GELU {@code h·Φ(h)}, as the chain
     * {@code z.add(bias).gelu().dropout(…)}, where {@code z.add(bias)} is what
     * {@code x.linear(weight, bias)} adds to {@code x.linear(weight, null)}. When the op records
     * a gradient, the forward pass also stores the local slope {@code s·(Φ(h) + h·φ(h))}, so the
     * backward pass is one multiplication per element.
     *
     * @param z {@code [..., N]}
     * @param bias {@code [N]}
     * @param mask dropout mask, or {@code null} for none
     */
    static Tensor biasGeluDropout(Tensor z, Tensor bias, DropoutMask mask) {
        int[] shape = z.shape();
        int width = shape[shape.length - 1];
        int rows = width == 0 ? 0 : z.size() / width;
        double[] zs = z.dataView();
        double[] bs = bias.dataView();
        double[] y = new double[zs.length];
        if (!Tensor.recordsGradient(z, bias)) {
            for (int row = 0; row < rows; row++) {
                int base = row * width;
                for (int j = 0; j < width; j++) {
                    int i = base + j;
                    double h = zs[i] + bs[j];
                    double gelu = h * NormalCdfTable.cdf(h);
                    y[i] = mask == null ? gelu : gelu * mask.scale(i);
                }
            }
            return Tensor.wrap(y, shape);
        }

        // y = s·h·Φ(h), h = z + bias, s = mask scale  ⇒  dy/dh = s·(Φ(h) + h·φ(h))
        double[] slope = new double[zs.length];
        for (int row = 0; row < rows; row++) {
            int base = row * width;
            for (int j = 0; j < width; j++) {
                int i = base + j;
                double h = zs[i] + bs[j];
                double cdf = NormalCdfTable.cdf(h);
                double density = NormalCdfTable.density(h);
                double scale = mask == null ? 1.0 : mask.scale(i);
                y[i] = h * cdf * scale;
                slope[i] = scale * Math.fma(h, density, cdf);
            }
        }

        return Tensor.fromOp(y, shape, g -> {
            // dh = g·dy/dh,  dz += dh,  dbias += Σ_rows dh
            boolean toZ = z.requiresGrad();
            boolean toBias = bias.requiresGrad();
            double[] zGrad = toZ ? z.gradBuffer() : null;
            double[] biasGrad = toBias ? bias.gradBuffer() : null;
            for (int row = 0; row < rows; row++) {
                int base = row * width;
                for (int j = 0; j < width; j++) {
                    int i = base + j;
                    double hGrad = g[i] * slope[i];
                    if (toZ) {
                        zGrad[i] += hGrad;
                    }
                    if (toBias) {
                        biasGrad[j] += hGrad;
                    }
                }
            }
        }, z, bias);
    }
}
