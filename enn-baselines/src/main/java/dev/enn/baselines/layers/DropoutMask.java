package dev.enn.baselines.layers;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * An inverted-dropout mask for the fused kernels, drawn exactly as {@link Tensor#dropout} draws
 * it, so that a fused op and the composed ops it replaces consume the same numbers from the same
 * generator and drop the same elements. Element i is dropped (scale 0) when the i-th draw
 * {@code u} of {@link Rng#nextDouble} is below p, else kept with scale 1/(1 − p).
 *
 * <p>The mask stores one bit per element rather than a scale per element: a training step of
 * the readme-size Transformer draws about 600,000 of them, and the 64 times smaller mask keeps
 * that traffic out of memory.
 */
final class DropoutMask {
    /** The bits of the scale 1/(1 − p) of a kept element. */
    private final long keepScaleBits;
    private final long[] dropped;

    private DropoutMask(double keepScale, long[] dropped) {
        this.keepScaleBits = Double.doubleToRawLongBits(keepScale);
        this.dropped = dropped;
    }

    /**
     * Draws the mask of {@code size} elements in row-major order. Returns {@code null} when
     * dropout is the identity (evaluation mode or p = 0), and a mask that drops everything
     * without drawing anything when p = 1.
     *
     * @throws IllegalArgumentException if dropout is active and {@code rng} is null
     */
    static DropoutMask draw(double p, boolean training, Rng rng, int size) {
        if (!training || p == 0) {
            return null;
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropout: training mode with p = " + p
                    + " needs a random generator, got null; pass an Rng, or training = false for evaluation");
        }
        long[] dropped = new long[(size + 63) >>> 6];
        if (p >= 1) {
            return new DropoutMask(0.0, dropped);
        }
        // nextDouble() is (nextLong() >>> 11)·2⁻⁵³, so nextDouble() < p exactly when the 53 bits
        // lie below ⌈p·2⁵³⌉, and the sign of their difference is the dropped bit
        long threshold = (long) Math.ceil(p * 0x1.0p53);
        for (int word = 0; word < dropped.length; word++) {
            int count = Math.min(64, size - (word << 6));
            // the word stays in a register, so no draw waits for the store of the one before
            long bits = 0;
            for (int k = 0; k < count; k++) {
                long draw = rng.nextLong() >>> 11;
                bits |= ((draw - threshold) >>> 63) << k;
            }
            dropped[word] = bits;
        }
        return new DropoutMask(1.0 / (1.0 - p), dropped);
    }

    /** Returns the scale of element i: 0 if dropped, else 1/(1 − p). */
    double scale(int i) {
        long isDropped = (dropped[i >>> 6] >>> i) & 1L;
        // all ones keeps the bits of the scale, all zeros gives +0.0; a branch here would be
        // mispredicted at every dropped element
        return Double.longBitsToDouble(keepScaleBits & (isDropped - 1));
    }

    /**
     * Returns {@code input ⊙ scale}, differentiable in {@code input}: the values and gradients of
     * {@link Tensor#dropout} for the same draws, bit for bit.
     *
     * @param input any shape with {@code size} elements, the size this mask was drawn for
     */
    Tensor apply(Tensor input) {
        double[] x = input.dataView();
        double[] y = new double[x.length];
        // with p = 1 the output stays +0.0 as in Tensor.dropout, where x·0 would give −0.0 for negative x
        if (keepScaleBits != 0) {
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i] * scale(i);
            }
        }
        return Tensor.fromOp(y, input.shape(), g -> {
            // y = x ⊙ scale  ⇒  dx += g ⊙ scale
            if (input.requiresGrad()) {
                double[] inputGrad = input.gradBuffer();
                for (int i = 0; i < g.length; i++) {
                    inputGrad[i] += g[i] * scale(i);
                }
            }
        }, input);
    }
}
