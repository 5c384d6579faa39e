package dev.enn.tensor;

import java.util.Arrays;

/** Ops that move values without arithmetic: reshape, permute, slice, gather, concat, stack. */
final class ShapeOps {
    private ShapeOps() {
    }

    static Tensor reshape(Tensor a, int[] requested) {
        int[] shape = requested.clone();
        int size = a.size();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: " + Arrays.toString(requested)
                            + " has more than one -1; at most one dimension can be inferred");
                }
                inferred = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: " + Arrays.toString(requested)
                        + " has a negative dimension other than -1");
            } else {
                known *= shape[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new ShapeMismatchException("reshape: cannot infer the -1 in " + Arrays.toString(requested)
                        + " for " + size + " elements (shape " + Arrays.toString(a.shape()) + ")", requested, a.shape());
            }
            shape[inferred] = (int) (size / known);
        }
        if (Shapes.size(shape) != size) {
            throw new ShapeMismatchException("reshape: shape " + Arrays.toString(a.shape()) + " has " + size
                    + " elements but " + Arrays.toString(requested) + " needs " + Shapes.size(shape), shape, a.shape());
        }
        return Tensor.fromOp(a.dataView(), shape, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i];
            }
        }, a);
    }

    static Tensor unsqueeze(Tensor a, int axisArg) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length + 1, "unsqueeze");
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == axis ? 1 : shape[j++];
        }
        return reshape(a, out);
    }

    static Tensor squeeze(Tensor a, int axisArg) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "squeeze");
        if (shape[axis] != 1) {
            throw new ShapeMismatchException("squeeze: axis " + axisArg + " of shape " + Arrays.toString(shape)
                    + " has size " + shape[axis] + ", not 1", null, shape);
        }
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return reshape(a, out);
    }

    static Tensor transpose(Tensor a, int axis0, int axis1) {
        int rank = a.rank();
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = i;
        }
        int i0 = Shapes.axis(axis0, rank, "transpose");
        int i1 = Shapes.axis(axis1, rank, "transpose");
        order[i0] = i1;
        order[i1] = i0;
        return permute(a, order);
    }

    static Tensor permute(Tensor a, int[] order) {
        int[] shape = a.shape();
        int rank = shape.length;
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " axes but the tensor has rank " + rank);
        }
        boolean[] seen = new boolean[rank];
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = Shapes.axis(order[i], rank, "permute");
            if (seen[axes[i]]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " repeats axis " + axes[i]);
            }
            seen[axes[i]] = true;
        }
        int[] outShape = new int[rank];
        int[] inStrides = Shapes.strides(shape);
        int[] stridesInOutOrder = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[axes[i]];
            stridesInOutOrder[i] = inStrides[axes[i]];
        }
        int size = a.size();
        int[] source = new int[size];
        int[] counter = new int[rank];
        int offset = 0;
        for (int i = 0; i < size; i++) {
            source[i] = offset;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                offset += stridesInOutOrder[d];
                if (counter[d] < outShape[d]) {
                    break;
                }
                offset -= stridesInOutOrder[d] * counter[d];
                counter[d] = 0;
            }
        }
        return gather(a, source, outShape);
    }

    /** out[i] = a[source[i]]; the backward scatters with +=, so repeated sources accumulate. */
    private static Tensor gather(Tensor a, int[] source, int[] outShape) {
        double[] x = a.dataView();
        double[] out = new double[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[source[i]];
        }
        return Tensor.fromOp(out, outShape, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[source[i]] += g[i];
            }
        }, a);
    }

    static Tensor slice(Tensor a, int axisArg, int start, int end) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "slice");
        if (start < 0 || end > shape[axis] || start > end) {
            throw new IndexOutOfBoundsException("slice: range [" + start + ", " + end + ") is invalid for axis "
                    + axisArg + " of length " + shape[axis] + " (shape " + Arrays.toString(shape) + ")");
        }
        int[] indices = new int[end - start];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = start + i;
        }
        return indexSelect(a, axis, indices);
    }

    static Tensor select(Tensor a, int axisArg, int index) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "select");
        if (index < 0 || index >= shape[axis]) {
            throw new IndexOutOfBoundsException("select: index " + index + " is outside axis " + axisArg
                    + " of length " + shape[axis] + " (shape " + Arrays.toString(shape) + ")");
        }
        Tensor picked = indexSelect(a, axis, new int[] {index});
        return squeeze(picked, axis);
    }

    static Tensor indexSelect(Tensor a, int axisArg, int[] indices) {
        int[] shape = a.shape();
        int axis = Shapes.axis(axisArg, shape.length, "indexSelect");
        int n = shape[axis];
        for (int idx : indices) {
            if (idx < 0 || idx >= n) {
                throw new IndexOutOfBoundsException("indexSelect: index " + idx + " is outside axis " + axisArg
                        + " of length " + n + " (shape " + Arrays.toString(shape) + ")");
            }
        }
        int outer = Shapes.outer(shape, axis);
        int inner = Shapes.inner(shape, axis);
        int[] outShape = shape.clone();
        outShape[axis] = indices.length;
        int[] source = new int[outer * indices.length * inner];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (int idx : indices) {
                int base = (o * n + idx) * inner;
                for (int i = 0; i < inner; i++) {
                    source[p++] = base + i;
                }
            }
        }
        return gather(a, source, outShape);
    }

    static Tensor concat(int axisArg, Tensor[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given; pass at least one");
        }
        int[] first = parts[0].shape();
        int axis = Shapes.axis(axisArg, first.length, "concat");
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            int[] s = parts[p].shape();
            boolean fits = s.length == first.length;
            for (int i = 0; fits && i < s.length; i++) {
                fits = i == axis || s[i] == first[i];
            }
            if (!fits) {
                throw new ShapeMismatchException("concat: part " + p + " has shape " + Arrays.toString(s)
                        + " but part 0 has " + Arrays.toString(first) + "; all axes except " + axis
                        + " must match", first, s);
            }
            total += s[axis];
        }
        int[] outShape = first.clone();
        outShape[axis] = total;
        int outer = Shapes.outer(first, axis);
        int inner = Shapes.inner(first, axis);
        double[] out = new double[outer * total * inner];
        int[] axisOffset = new int[parts.length];
        int offset = 0;
        int totalLength = total;
        for (int p = 0; p < parts.length; p++) {
            axisOffset[p] = offset;
            int len = parts[p].dim(axis);
            double[] x = parts[p].dataView();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(x, o * len * inner, out, (o * total + offset) * inner, len * inner);
            }
            offset += len;
        }
        Tensor[] inputs = parts.clone();
        return Tensor.fromOp(out, outShape, g -> {
            for (int p = 0; p < inputs.length; p++) {
                if (!inputs[p].requiresGrad()) {
                    continue;
                }
                int len = inputs[p].dim(axis);
                double[] gp = inputs[p].gradBuffer();
                for (int o = 0; o < outer; o++) {
                    int src = (o * totalLength + axisOffset[p]) * inner;
                    int dst = o * len * inner;
                    for (int i = 0; i < len * inner; i++) {
                        gp[dst + i] += g[src + i];
                    }
                }
            }
        }, inputs);
    }

    static Tensor stack(int axisArg, Tensor[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given; pass at least one");
        }
        int rank = parts[0].rank();
        int axis = Shapes.axis(axisArg, rank + 1, "stack");
        Tensor[] expanded = new Tensor[parts.length];
        for (int p = 0; p < parts.length; p++) {
            if (!Arrays.equals(parts[p].shape(), parts[0].shape())) {
                throw new ShapeMismatchException("stack: part " + p + " has shape " + Arrays.toString(parts[p].shape())
                        + " but part 0 has " + Arrays.toString(parts[0].shape()) + "; stacked tensors need equal shapes",
                        parts[0].shape(), parts[p].shape());
            }
            expanded[p] = unsqueeze(parts[p], axis);
        }
        return concat(axis, expanded);
    }
}
