package dev.enn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.enn.layer.Layer;
import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Assertions and small builders shared by the attention tests. */
final class AttentionAssertions {
    private AttentionAssertions() {
    }

    /** Asserts element-wise |actual − expected| ≤ tol, naming the first failing index. */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            if (!(error <= tol)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i] + " (error " + error
                        + " > " + tol + ")");
            }
        }
    }

    /** Asserts that every element is finite. */
    static void assertFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            assertTrue(Double.isFinite(values[i]), what + ": element " + i + " is " + values[i]);
        }
    }

    /** Asserts that the tensor has exactly this shape. */
    static void assertShape(Tensor t, int... shape) {
        assertEquals(Arrays.toString(shape), Arrays.toString(t.shape()), "shape");
    }

    /** Returns the given inputs followed by every parameter of the layer, for gradient checks. */
    static Tensor[] inputsAndParameters(Layer layer, Tensor... inputs) {
        List<Tensor> all = new ArrayList<>(Arrays.asList(inputs));
        all.addAll(layer.parameters());
        return all.toArray(new Tensor[0]);
    }

    /** Overwrites a leaf's values in place. */
    static void setValues(Tensor t, double... values) {
        assertEquals(t.size(), values.length, "value count for " + Arrays.toString(t.shape()));
        System.arraycopy(values, 0, t.dataView(), 0, values.length);
    }

    /** Sets a square weight to the identity. */
    static void setIdentity(Tensor weight) {
        double[] d = weight.dataView();
        Arrays.fill(d, 0.0);
        int n = weight.dim(0);
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1.0;
        }
    }
}
