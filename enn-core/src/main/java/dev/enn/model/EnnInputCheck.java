package dev.enn.model;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/** Input validation of {@link EnnModel}: shape per {@link InputFormat}, then a scan for NaN and ∞. */
final class EnnInputCheck {
    private EnnInputCheck() {
    }

    /**
     * Checks the input against the model's format and sizes.
     *
     * @throws ShapeMismatchException for a wrong rank, an empty batch or time axis, or a wrong
     *     F, N or S
     * @throws IllegalArgumentException for a NaN or infinite value, naming its index
     */
    static void validate(Tensor input, EnnConfig config) {
        int[] shape = input.shape();
        switch (config.inputFormat()) {
            case SEQUENCE -> {
                requireRank(shape, 3, "SEQUENCE inputs [B, T, F] (batch, time, features)",
                        "for one vector per sample build the model with inputFormat(InputFormat.VECTOR),"
                                + " or add a time axis with unsqueeze(1)");
                requireBatch(shape);
                if (shape[1] == 0) {
                    throw new ShapeMismatchException("EnnModel: input of shape " + Arrays.toString(shape)
                            + " has no time steps (T = 0); the model reads the last time step, so T must be at least 1",
                            null, shape);
                }
                requireFeatures(shape, config.inputFeatures(), "[B, T, F]");
            }
            case VECTOR -> {
                requireRank(shape, 2, "VECTOR inputs [B, F] (batch, features)",
                        "for sequences build the model with inputFormat(InputFormat.SEQUENCE)");
                requireBatch(shape);
                requireFeatures(shape, config.inputFeatures(), "[B, F]");
            }
            case DIRECT -> {
                requireRank(shape, 3, "DIRECT inputs [B, N, S] = [B, " + config.numNeurons() + ", "
                        + config.numStates() + "]", "for sequences build the model with inputFormat(InputFormat.SEQUENCE)");
                requireBatch(shape);
                requireGridAxis(shape, 1, config.numNeurons(), "neurons", "numNeurons");
                requireGridAxis(shape, 2, config.numStates(), "states", "numStates");
            }
        }
        requireFinite(input);
    }

    private static void requireRank(int[] shape, int rank, String expected, String hint) {
        if (shape.length != rank) {
            throw new ShapeMismatchException("EnnModel: input of shape " + Arrays.toString(shape) + " has rank "
                    + shape.length + ", but the model reads " + expected + " of rank " + rank + "; " + hint, null, shape);
        }
    }

    private static void requireBatch(int[] shape) {
        if (shape[0] == 0) {
            throw new ShapeMismatchException("EnnModel: input of shape " + Arrays.toString(shape)
                    + " has an empty batch (B = 0); pass at least one sample", null, shape);
        }
    }

    private static void requireFeatures(int[] shape, int features, String layout) {
        int last = shape[shape.length - 1];
        if (last != features) {
            int[] expected = shape.clone();
            expected[expected.length - 1] = features;
            throw new ShapeMismatchException("EnnModel: input of shape " + Arrays.toString(shape) + " has " + last
                    + " features on its last axis, but the model was built for inputFeatures = " + features
                    + "; inputs are batch-first " + layout + ", so check the feature count and the axis order", expected,
                    shape);
        }
    }

    private static void requireGridAxis(int[] shape, int axis, int size, String what, String field) {
        if (shape[axis] != size) {
            int[] expected = shape.clone();
            expected[axis] = size;
            throw new ShapeMismatchException("EnnModel: DIRECT input of shape " + Arrays.toString(shape) + " has "
                    + shape[axis] + " " + what + " on axis " + axis + ", but the model has " + field + " = " + size
                    + "; DIRECT inputs are grids [B, N, S], and sequences need inputFormat(InputFormat.SEQUENCE)",
                    expected, shape);
        }
    }

    private static void requireFinite(Tensor input) {
        double[] values = input.dataView();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                int[] shape = input.shape();
                throw new IllegalArgumentException("EnnModel: input value " + values[i] + " at index "
                        + Arrays.toString(unravel(i, shape)) + " of shape " + Arrays.toString(shape)
                        + " is not finite; remove or impute missing and overflowing values before the forward pass");
            }
        }
    }

    /** Converts a row-major flat offset into one index per axis. */
    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        int rest = flat;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        return index;
    }
}
