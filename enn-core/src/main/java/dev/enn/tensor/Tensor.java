package dev.enn.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dense tensor of doubles: a shape plus contiguous row-major storage, with reverse-mode
 * automatic differentiation.
 *
 * <p>Dimension legend used across enn: B batch, T time steps, F input features, N neurons,
 * S states per neuron, H hidden width, M memory (buffer) length, A attention heads, K top-k.
 * A rank-3 tensor {@code x [B, T, F]} is stored as {@code [B·T, F]} in one {@code double[]}:
 * element {@code [b, t, f]} sits at {@code (b·T + t)·F + f}. Matrix kernels ({@link MatrixKernels},
 * or an EJML {@code DMatrixRMaj} view for small {@code linear} forwards) read that array in place
 * without copying.
 *
 * <p><b>Autograd.</b> An op whose input requires a gradient records a backward function and its
 * inputs, unless the current thread is inside {@link Autograd#noGrad()}. {@link #backward()}
 * walks the recorded graph in reverse topological order. Gradients of leaves (parameters)
 * accumulate across calls until {@link #zeroGrad()}; gradients of intermediate tensors are reset
 * at the start of each backward pass.
 *
 * <p><b>Mutation.</b> Ops never modify their inputs. Only leaves may be changed in place, by
 * optimizers ({@link #dataView()}) and by {@link #zeroGrad()}. {@link #reshape} shares storage.
 *
 * <p><b>Threads.</b> Tensors are not synchronised. Concurrent reads are safe; ops in a no-grad
 * scope write nothing but their own outputs.
 */
public final class Tensor {
    /** Computes and accumulates the gradients of an op's inputs from the gradient of its output. */
    @FunctionalInterface
    public interface BackwardFunction {
        /**
         * Accumulates into the inputs' gradient buffers ({@link Tensor#gradBuffer()}).
         *
         * @param outputGrad gradient of the loss with respect to the op's output. Not modified.
         */
        void apply(double[] outputGrad);
    }

    private final int[] shape;
    private final double[] data;
    private double[] grad;
    private boolean requiresGrad;
    private Tensor[] inputs;
    private BackwardFunction backwardFunction;

    private Tensor(double[] data, int[] shape, boolean requiresGrad) {
        this.shape = shape;
        this.data = data;
        this.requiresGrad = requiresGrad;
    }

    // ---------------------------------------------------------------- factories

    /**
     * Creates a leaf tensor that copies {@code values}.
     *
     * @throws ShapeMismatchException if the value count differs from the shape's size
     */
    public static Tensor of(double[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /**
     * Creates a leaf tensor that uses {@code storage} as its data without copying. The caller
     * must not modify the array afterwards.
     *
     * @throws ShapeMismatchException if the array length differs from the shape's size
     */
    public static Tensor wrap(double[] storage, int... shape) {
        int[] s = shape.clone();
        int size = Shapes.size(s);
        if (storage.length != size) {
            throw new ShapeMismatchException("Tensor: " + storage.length + " values do not fill shape "
                    + Arrays.toString(s) + " (" + size + " elements)", s, new int[] {storage.length});
        }
        return new Tensor(storage, s, false);
    }

    /** Creates a rank-0 tensor. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, new int[0], false);
    }

    /** Creates a rank-1 tensor that copies {@code values}. */
    public static Tensor vector(double... values) {
        return new Tensor(values.clone(), new int[] {values.length}, false);
    }

    /** Creates a rank-2 tensor from rows of equal length. */
    public static Tensor matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] d = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.matrix: row " + i + " has " + rows[i].length
                        + " values but row 0 has " + cols + "; all rows must have the same length");
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(d, new int[] {rows.length, cols}, false);
    }

    /** Creates a tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        return new Tensor(new double[Shapes.size(s)], s, false);
    }

    /** Creates a tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        int[] s = shape.clone();
        double[] d = new double[Shapes.size(s)];
        Arrays.fill(d, value);
        return new Tensor(d, s, false);
    }

    /** Creates a tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    /** Creates a tensor of independent standard normal draws from {@code rng}. */
    public static Tensor randn(Rng rng, int... shape) {
        int[] s = shape.clone();
        double[] d = new double[Shapes.size(s)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return new Tensor(d, s, false);
    }

    /** Creates a tensor of independent uniform draws in [low, high) from {@code rng}. */
    public static Tensor uniform(Rng rng, double low, double high, int... shape) {
        int[] s = shape.clone();
        double[] d = new double[Shapes.size(s)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(low, high);
        }
        return new Tensor(d, s, false);
    }

    /**
     * Creates the output of a differentiable op. When gradients are enabled on this thread and
     * any input requires a gradient, the output requires one too and records {@code backward};
     * otherwise nothing is recorded. Modules outside core use this to define fused ops.
     *
     * @param storage output values, taken without copying
     * @param shape output shape (copied)
     * @param backward accumulates input gradients from the output gradient
     * @param opInputs the op's inputs, in any order; {@code null} entries are skipped
     * @throws ShapeMismatchException if the storage length differs from the shape's size
     * @throws NullPointerException if {@code backward} is null
     */
    public static Tensor fromOp(double[] storage, int[] shape, BackwardFunction backward, Tensor... opInputs) {
        Objects.requireNonNull(backward, "fromOp: backward function is null; pass g -> { } for an op with no gradient");
        int[] s = shape.clone();
        int size = Shapes.size(s);
        if (storage.length != size) {
            throw new ShapeMismatchException("fromOp: " + storage.length + " output values do not fill shape "
                    + Arrays.toString(s) + " (" + size + " elements)", s, new int[] {storage.length});
        }
        Tensor out = new Tensor(storage, s, false);
        if (recordsGradient(opInputs)) {
            out.requiresGrad = true;
            out.inputs = opInputs;
            out.backwardFunction = backward;
        }
        return out;
    }

    /** Returns whether an op over these inputs records a graph node on the current thread. */
    public static boolean recordsGradient(Tensor... opInputs) {
        for (Tensor t : opInputs) {
            if (t != null && t.requiresGrad) {
                return Autograd.isGradEnabled();
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- shape and values

    /** Returns a copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Returns the size of one dimension; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length, "dim")];
    }

    /** Returns the number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Returns the number of elements. */
    public int size() {
        return data.length;
    }

    /** Returns the element at a full index. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor has rank " + shape.length + " (shape " + Arrays.toString(shape) + ")");
        }
        int offset = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " is outside shape "
                        + Arrays.toString(shape));
            }
            offset = offset * shape[i] + index[i];
        }
        return data[offset];
    }

    /** Returns the only value of a one-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("item: tensor of shape " + Arrays.toString(shape) + " has " + data.length
                    + " elements; item() needs exactly one. Reduce it first, for example with mean()");
        }
        return data[0];
    }

    /** Returns a copy of the values in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    /**
     * Returns the backing array itself. Reading is always safe; writing is allowed only on a
     * leaf that no recorded graph still needs (optimizers do this between steps).
     */
    public double[] dataView() {
        return data;
    }

    // ---------------------------------------------------------------- autograd

    /** Returns whether this tensor takes part in gradient computation. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf as requiring a gradient (parameters do) and returns it.
     *
     * @throws IllegalStateException if this tensor is the output of a recorded op
     */
    public Tensor requireGrad(boolean flag) {
        if (backwardFunction != null) {
            throw new IllegalStateException("requireGrad: only leaf tensors can change requiresGrad; "
                    + "call detach() first to get a leaf");
        }
        this.requiresGrad = flag;
        return this;
    }

    /** Returns whether this tensor was created by a recorded op (it is not a leaf). */
    public boolean hasGraph() {
        return backwardFunction != null;
    }

    /**
     * Returns the accumulated gradient as a new tensor, or {@code null} if no backward pass has
     * reached this tensor since the last {@link #zeroGrad()}.
     */
    public Tensor grad() {
        return grad == null ? null : new Tensor(grad.clone(), shape.clone(), false);
    }

    /**
     * Returns the gradient array, allocating zeros on first use. Backward functions accumulate
     * into it; optimizers read it.
     */
    public double[] gradBuffer() {
        if (grad == null) {
            grad = new double[data.length];
        }
        return grad;
    }

    /** Returns the gradient array if one was computed, else {@code null}; never allocates. */
    public double[] gradView() {
        return grad;
    }

    /** Drops the accumulated gradient, so that the next backward pass starts from zero. */
    public void zeroGrad() {
        grad = null;
    }

    /** Returns a leaf that shares this tensor's values and records no gradient. */
    public Tensor detach() {
        return new Tensor(data, shape, false);
    }

    /** Returns a leaf with a copy of this tensor's values. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone(), false);
    }

    /**
     * Back-propagates from this scalar (one-element) tensor with upstream gradient 1.
     *
     * @throws IllegalStateException if this tensor has more than one element or needs no gradient
     */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward: called on a tensor of shape " + Arrays.toString(shape)
                    + "; backward() needs a scalar. Reduce it (sum(), mean()) or pass an upstream gradient");
        }
        backward(Tensor.full(1.0, shape));
    }

    /**
     * Back-propagates from this tensor with a given upstream gradient of the same shape.
     *
     * @throws ShapeMismatchException if {@code upstream} has another shape
     * @throws IllegalStateException if this tensor does not require a gradient
     */
    public void backward(Tensor upstream) {
        if (!Arrays.equals(upstream.shape, shape)) {
            throw new ShapeMismatchException("backward: upstream gradient has shape " + Arrays.toString(upstream.shape)
                    + " but the tensor has shape " + Arrays.toString(shape), shape, upstream.shape);
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require a gradient; no parameter"
                    + " reached it, or it was computed inside Autograd.noGrad()");
        }
        List<Tensor> order = topologicalOrder();
        for (Tensor t : order) {
            if (t.backwardFunction != null) {
                t.grad = null;
            } else {
                // every leaf the graph reaches gets a gradient, zero where nothing flows to it
                t.gradBuffer();
            }
        }
        double[] g = gradBuffer();
        for (int i = 0; i < g.length; i++) {
            g[i] += upstream.data[i];
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backwardFunction != null && t.grad != null) {
                t.backwardFunction.apply(t.grad);
            }
        }
    }

    /** Returns the recorded graph below this tensor, inputs before outputs (iterative DFS). */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> nextChild = new ArrayDeque<>();
        stack.push(this);
        nextChild.push(0);
        visited.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int child = nextChild.pop();
            Tensor[] in = t.inputs;
            if (in != null && child < in.length) {
                nextChild.push(child + 1);
                Tensor c = in[child];
                if (c != null && c.requiresGrad && visited.put(c, Boolean.TRUE) == null) {
                    stack.push(c);
                    nextChild.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- elementwise

    /** Adds with broadcasting. */
    public Tensor add(Tensor other) {
        return ElementwiseOps.add(this, other);
    }

    /** Subtracts with broadcasting. */
    public Tensor sub(Tensor other) {
        return ElementwiseOps.sub(this, other);
    }

    /** Multiplies element-wise with broadcasting. */
    public Tensor mul(Tensor other) {
        return ElementwiseOps.mul(this, other);
    }

    /** Divides element-wise with broadcasting. */
    public Tensor div(Tensor other) {
        return ElementwiseOps.div(this, other);
    }

    /** Element-wise maximum with broadcasting; at ties each side gets half the gradient. */
    public Tensor maximum(Tensor other) {
        return ElementwiseOps.maximum(this, other);
    }

    /** Adds a constant. */
    public Tensor add(double value) {
        return ElementwiseOps.addScalar(this, value);
    }

    /** Multiplies by a constant. */
    public Tensor mul(double value) {
        return ElementwiseOps.mulScalar(this, value);
    }

    /** Negates. */
    public Tensor neg() {
        return ElementwiseOps.mulScalar(this, -1.0);
    }

    /** Raises every element to a constant power. */
    public Tensor pow(double exponent) {
        return ElementwiseOps.pow(this, exponent);
    }

    /** Element-wise square. */
    public Tensor square() {
        return ElementwiseOps.square(this);
    }

    /** Element-wise square root. */
    public Tensor sqrt() {
        return ElementwiseOps.sqrt(this);
    }

    /** Element-wise exponential. */
    public Tensor exp() {
        return ElementwiseOps.exp(this);
    }

    /** Element-wise natural logarithm. */
    public Tensor log() {
        return ElementwiseOps.log(this);
    }

    /** Element-wise absolute value; the gradient at 0 is 0. */
    public Tensor abs() {
        return ElementwiseOps.abs(this);
    }

    /** Clamps every element to at least {@code min}; the gradient is 0 where clamped. */
    public Tensor clampMin(double min) {
        return ElementwiseOps.clampMin(this, min);
    }

    /** Logistic sigmoid, computed without overflow. */
    public Tensor sigmoid() {
        return ElementwiseOps.sigmoid(this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return ElementwiseOps.tanh(this);
    }

    /** max(x, 0); the gradient at 0 is 0. */
    public Tensor relu() {
        return ElementwiseOps.relu(this);
    }

    /** Exact GELU {@code x·Φ(x)} with Φ the standard normal CDF. */
    public Tensor gelu() {
        return ElementwiseOps.gelu(this);
    }

    // ---------------------------------------------------------------- reductions

    /** Sums all elements into a scalar. */
    public Tensor sum() {
        return ReduceOps.sumAll(this);
    }

    /** Averages all elements into a scalar. */
    public Tensor mean() {
        return ReduceOps.meanAll(this);
    }

    /** Sums over one axis. */
    public Tensor sum(int axis, boolean keepDim) {
        return ReduceOps.sum(this, axis, keepDim, false);
    }

    /** Averages over one axis. */
    public Tensor mean(int axis, boolean keepDim) {
        return ReduceOps.sum(this, axis, keepDim, true);
    }

    /** Maximum over one axis; tied maxima share the gradient equally. */
    public Tensor max(int axis, boolean keepDim) {
        return ReduceOps.max(this, axis, keepDim);
    }

    /** Euclidean norm of all elements; the gradient at the zero vector is 0. */
    public Tensor norm() {
        return ReduceOps.norm(this);
    }

    /** Sums a broadcast gradient back to {@code targetShape}. */
    public Tensor sumToShape(int... targetShape) {
        return ReduceOps.sumToShape(this, targetShape);
    }

    // ---------------------------------------------------------------- shape

    /** Returns a tensor with a new shape and the same storage; one dimension may be -1. */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /** Swaps two axes (copies). */
    public Tensor transpose(int axis0, int axis1) {
        return ShapeOps.transpose(this, axis0, axis1);
    }

    /** Reorders axes: output axis i is input axis {@code order[i]} (copies). */
    public Tensor permute(int... order) {
        return ShapeOps.permute(this, order);
    }

    /** Takes indices [start, end) along one axis (copies). */
    public Tensor slice(int axis, int start, int end) {
        return ShapeOps.slice(this, axis, start, end);
    }

    /** Takes one index along an axis and drops that axis. */
    public Tensor select(int axis, int index) {
        return ShapeOps.select(this, axis, index);
    }

    /** Gathers the given indices along an axis; indices may repeat. */
    public Tensor indexSelect(int axis, int... indices) {
        return ShapeOps.indexSelect(this, axis, indices);
    }

    /** Inserts an axis of size 1. */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(this, axis);
    }

    /** Removes an axis of size 1. */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(this, axis);
    }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... parts) {
        return ShapeOps.concat(axis, parts);
    }

    /** Joins tensors of equal shape along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) {
        return ShapeOps.stack(axis, parts);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product over the last two axes, batched over the leading axes. {@code [..., M, K]}
     * times {@code [K, N]} runs as one matrix product; two batched operands need equal batch axes.
     */
    public Tensor matmul(Tensor other) {
        return LinalgOps.matmul(this, other);
    }

    /**
     * Affine map {@code x·Wᵀ + b} over the last axis, as PyTorch's Linear computes it.
     *
     * @param weight {@code [out, in]}
     * @param bias {@code [out]}, or {@code null}
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        return LinalgOps.linear(this, weight, bias);
    }

    // ---------------------------------------------------------------- neural-network ops

    /** Numerically stable softmax along an axis; a row of only -∞ gives zeros. */
    public Tensor softmax(int axis) {
        return NnOps.softmax(this, axis);
    }

    /** Numerically stable log-softmax along an axis. */
    public Tensor logSoftmax(int axis) {
        return NnOps.logSoftmax(this, axis);
    }

    /** log Σ exp along an axis; a row of only -∞ gives -∞. */
    public Tensor logSumExp(int axis, boolean keepDim) {
        return NnOps.logSumExp(this, axis, keepDim);
    }

    /**
     * Layer normalisation over the last axis with the biased variance (two-pass, so large
     * offsets do not cancel).
     *
     * @param gamma scale {@code [D]}, or {@code null} for 1
     * @param beta shift {@code [D]}, or {@code null} for 0
     */
    public Tensor layerNorm(Tensor gamma, Tensor beta, double eps) {
        return NnOps.layerNorm(this, gamma, beta, eps);
    }

    /** Returns the k largest values along an axis, sorted descending; ties keep the lower index first. */
    public TopK topK(int k, int axis) {
        return NnOps.topK(this, k, axis);
    }

    /**
     * Replaces elements where {@code mask} is nonzero by {@code value}; the mask broadcasts to
     * this tensor's shape and filled positions get no gradient.
     */
    public Tensor maskedFill(Tensor mask, double value) {
        return NnOps.maskedFill(this, mask, value);
    }

    /** Selects {@code ifTrue} where {@code condition} is nonzero, else {@code ifFalse}, with broadcasting. */
    public static Tensor where(Tensor condition, Tensor ifTrue, Tensor ifFalse) {
        return NnOps.where(condition, ifTrue, ifFalse);
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code p} and scales
     * the rest by 1/(1−p); {@code p = 1} gives zeros. Identity when not training.
     */
    public Tensor dropout(double p, boolean training, Rng rng) {
        return NnOps.dropout(this, p, training, rng);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape));
        if (requiresGrad) {
            sb.append(" requiresGrad");
        }
        int show = Math.min(data.length, 8);
        sb.append(" [");
        for (int i = 0; i < show; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        sb.append(data.length > show ? ", …]" : "]");
        return sb.toString();
    }
}
