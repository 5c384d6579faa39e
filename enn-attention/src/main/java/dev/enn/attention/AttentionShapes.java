package dev.enn.attention;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;

/** Input checks and head reshaping shared by the attention layers. */
final class AttentionShapes {
    private AttentionShapes() {
    }

    /**
     * Checks that {@code x} is a batch-first sequence {@code [B, L, width]}.
     *
     * @throws ShapeMismatchException naming the layer, the argument and both shapes
     */
    static void requireSequence(String layer, String argument, Tensor x, int width) {
        int[] shape = x.shape();
        if (shape.length != 3 || shape[2] != width) {
            String hint = shape.length == 2
                    ? "; a single sequence needs a batch axis, for example x.unsqueeze(0)"
                    : "; inputs are batch-first [batch, length, features]";
            throw new ShapeMismatchException(layer + ": " + argument + " must have shape [B, L, " + width + "], got "
                    + Shapes.format(shape) + hint, null, shape);
        }
    }

    /**
     * Checks that {@code x} has the given batch size, for arguments that must match the query.
     *
     * @throws ShapeMismatchException naming both batch sizes
     */
    static void requireBatch(String layer, String argument, Tensor x, int batch) {
        if (x.dim(0) != batch) {
            throw new ShapeMismatchException(layer + ": " + argument + " has batch size " + x.dim(0)
                    + " but the query has " + batch + " (" + argument + " shape " + Shapes.format(x.shape())
                    + "); every argument must hold the same batch", new int[] {batch}, x.shape());
        }
    }

    /**
     * Converts a visibility mask {@code [B, Lq, Lk]} or key-padding mask {@code [B, Lk]} into a
     * 0/1 mask {@code [B, 1, Lq, Lk]} or {@code [B, 1, 1, Lk]} that broadcasts over heads.
     *
     * @return {@code null} when {@code mask} is {@code null}
     * @throws ShapeMismatchException if the mask has neither shape
     */
    static Tensor headMask(String layer, Tensor mask, int batch, int queryLength, int keyLength) {
        if (mask == null) {
            return null;
        }
        int[] shape = mask.shape();
        if (shape.length == 3 && shape[0] == batch && shape[1] == queryLength && shape[2] == keyLength) {
            return mask.reshape(batch, 1, queryLength, keyLength);
        }
        if (shape.length == 2 && shape[0] == batch && shape[1] == keyLength) {
            return mask.reshape(batch, 1, 1, keyLength);
        }
        throw new ShapeMismatchException(layer + ": mask must be [B, Lq, Lk] = [" + batch + ", " + queryLength + ", "
                + keyLength + "] or a key-padding mask [B, Lk] = [" + batch + ", " + keyLength + "], got "
                + Shapes.format(shape) + "; use 1 where a query may attend and 0 where it may not",
                new int[] {batch, queryLength, keyLength}, shape);
    }

    /** Splits the last axis into heads: {@code [B, L, A·Dh] → [B, A, L, Dh]}. */
    static Tensor splitHeads(Tensor x, int heads) {
        int batch = x.dim(0);
        int length = x.dim(1);
        int headDim = x.dim(2) / heads;
        return x.reshape(batch, length, heads, headDim).permute(0, 2, 1, 3);
    }

    /** Joins heads back into the last axis: {@code [B, A, L, Dh] → [B, L, A·Dh]}. */
    static Tensor mergeHeads(Tensor x) {
        int batch = x.dim(0);
        int heads = x.dim(1);
        int length = x.dim(2);
        int headDim = x.dim(3);
        return x.permute(0, 2, 1, 3).reshape(batch, length, heads * headDim);
    }

    /**
     * Checks the model width, head count and dropout of a multi-head layer.
     *
     * @throws IllegalArgumentException if a size is not positive, the width is not divisible by
     *     the head count, or the dropout lies outside [0, 1]
     */
    static void checkHeads(String layer, int modelDim, int numHeads, double dropout) {
        Shapes.requirePositive(layer + " modelDim", modelDim);
        Shapes.requirePositive(layer + " numHeads", numHeads);
        if (modelDim % numHeads != 0) {
            throw new IllegalArgumentException(layer + ": modelDim " + modelDim + " is not divisible by numHeads "
                    + numHeads + "; each head needs modelDim / numHeads features, so choose a head count that divides "
                    + modelDim);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(layer + ": dropout must lie in [0, 1], got " + dropout);
        }
    }
}
