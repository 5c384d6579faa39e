package dev.enn.data;

import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * An in-memory set of samples: inputs {@code [n, T, F]} (or {@code [n, F]}) and targets
 * {@code [n, K]} (or {@code [n]} class indices), stored row-major so that sample {@code i} is one
 * contiguous block. Immutable.
 */
public final class Dataset {
    private final double[] inputs;
    private final int[] sampleShape;
    private final double[] targets;
    private final int[] targetShape;
    private final int size;

    /**
     * Creates a dataset from stacked tensors.
     *
     * @param inputs {@code [n, ...]}; its first axis counts samples
     * @param targets {@code [n, ...]} with the same first axis
     * @throws IllegalArgumentException if the sample counts differ, the set is empty, or a value
     *     is NaN or infinite
     */
    public Dataset(Tensor inputs, Tensor targets) {
        if (inputs.rank() < 2) {
            throw new IllegalArgumentException("Dataset: inputs must be [n, F] or [n, T, F], got shape "
                    + Arrays.toString(inputs.shape()));
        }
        if (targets.rank() < 1 || targets.dim(0) != inputs.dim(0)) {
            throw new IllegalArgumentException("Dataset: inputs have " + inputs.dim(0) + " samples (shape "
                    + Arrays.toString(inputs.shape()) + ") but targets have shape " + Arrays.toString(targets.shape())
                    + "; the first axis of both counts samples and must match");
        }
        if (inputs.dim(0) == 0) {
            throw new IllegalArgumentException("Dataset: no samples (inputs shape " + Arrays.toString(inputs.shape()) + ")");
        }
        requireFinite("inputs", inputs);
        requireFinite("targets", targets);
        this.size = inputs.dim(0);
        this.inputs = inputs.toArray();
        this.targets = targets.toArray();
        int[] s = inputs.shape();
        this.sampleShape = Arrays.copyOfRange(s, 1, s.length);
        int[] t = targets.shape();
        this.targetShape = Arrays.copyOfRange(t, 1, t.length);
    }

    private static void requireFinite(String what, Tensor t) {
        double[] d = t.dataView();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                int stride = Math.max(1, d.length / Math.max(1, t.dim(0)));
                throw new IllegalArgumentException("Dataset: " + what + " contain " + d[i] + " at sample " + (i / stride)
                        + " (flat index " + i + "); remove or impute missing values before training");
            }
        }
    }

    /** Returns the number of samples n. */
    public int size() {
        return size;
    }

    /** Returns the shape of one input sample, e.g. {@code [T, F]}. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Returns the shape of one target, e.g. {@code [K]}, or {@code []} for class indices. */
    public int[] targetShape() {
        return targetShape.clone();
    }

    /** Gathers the given samples, in the given order, into a batch. */
    public Batch batch(int[] indices) {
        int in = Shapes.size(sampleShape);
        int out = Shapes.size(targetShape);
        double[] x = new double[indices.length * in];
        double[] y = new double[indices.length * out];
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("Dataset.batch: sample index " + i + " outside [0, " + size + ")");
            }
            System.arraycopy(inputs, i * in, x, b * in, in);
            System.arraycopy(targets, i * out, y, b * out, out);
        }
        return new Batch(Tensor.wrap(x, prepend(indices.length, sampleShape)),
                Tensor.wrap(y, prepend(indices.length, targetShape)));
    }

    /**
     * Returns samples [start, end) in order as one batch.
     *
     * @throws IllegalArgumentException unless {@code 0 <= start <= end <= size()}
     */
    public Batch range(int start, int end) {
        if (start < 0 || start > end || end > size) {
            throw new IllegalArgumentException("Dataset.range: [" + start + ", " + end + ") is not a valid range of the "
                    + size + " samples; it needs 0 <= start <= end <= " + size);
        }
        int[] idx = new int[end - start];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = start + i;
        }
        return batch(idx);
    }

    /** Returns every sample as one batch. */
    public Batch all() {
        return range(0, size);
    }

    /** Returns the samples [start, end) as a new dataset (a split by position, not shuffled). */
    public Dataset subset(int start, int end) {
        if (start < 0 || end > size || start >= end) {
            throw new IllegalArgumentException("Dataset.subset: range [" + start + ", " + end
                    + ") is empty or outside [0, " + size + ")");
        }
        Batch b = range(start, end);
        return new Dataset(b.inputs(), b.targets());
    }

    private static int[] prepend(int n, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
