package dev.enn.layer;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * Parameter initialisers. Each fills a tensor in place from an explicit generator, so the same
 * seed gives the same weights; none uses a global generator.
 */
public final class Init {
    private Init() {
    }

    /** Fills {@code t} with uniform draws in [low, high). Modified. */
    public static Tensor uniform(Tensor t, double low, double high, Rng rng) {
        double[] d = t.dataView();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(low, high);
        }
        return t;
    }

    /** Fills {@code t} with normal draws of the given mean and standard deviation. Modified. */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        double[] d = t.dataView();
        for (int i = 0; i < d.length; i++) {
            d[i] = mean + std * rng.nextGaussian();
        }
        return t;
    }

    /** Fills {@code t} with uniform draws in ±√(6/(fanIn+fanOut)) (Xavier/Glorot, gain 1). Modified. */
    public static Tensor xavierUniform(Tensor t, int fanIn, int fanOut, Rng rng) {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        return uniform(t, -bound, bound, rng);
    }

    /**
     * Fills a {@code [out, in]} weight with Xavier-uniform draws, using {@code in} and
     * {@code out} as fans. Modified.
     */
    public static Tensor xavierUniform(Tensor weight, Rng rng) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("xavierUniform: needs a [out, in] weight, got shape "
                    + java.util.Arrays.toString(weight.shape()) + "; pass the fans explicitly for other shapes");
        }
        return xavierUniform(weight, weight.dim(1), weight.dim(0), rng);
    }

    /** Fills {@code t} with uniform draws in ±1/√fanIn, PyTorch's default for Linear and Conv1d. Modified. */
    public static Tensor fanInUniform(Tensor t, int fanIn, Rng rng) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
        return uniform(t, -bound, bound, rng);
    }
}
