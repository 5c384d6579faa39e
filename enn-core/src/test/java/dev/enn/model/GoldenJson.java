package dev.enn.model;

import dev.enn.io.Json;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads golden files with {@link Json} and turns their nested number arrays into tensors. */
final class GoldenJson {
    private GoldenJson() {
    }

    /** Parses a class-path resource. */
    static Object readResource(String name) throws IOException {
        try (InputStream in = GoldenJson.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " not found on the class path");
            }
            return Json.parse(in.readAllBytes());
        }
    }

    /** Returns whether a parsed value is JSON null. */
    static boolean isNull(Object value) {
        return value == null || value == Json.NULL;
    }

    /** Flattens nested number arrays row-major into a tensor of their shape. */
    static Tensor tensor(Object nested) {
        List<Integer> shape = new ArrayList<>();
        Object level = nested;
        while (level instanceof List<?> list) {
            shape.add(list.size());
            level = list.isEmpty() ? null : list.get(0);
        }
        List<Double> values = new ArrayList<>();
        flatten(nested, values);
        double[] data = new double[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i);
        }
        return Tensor.wrap(data, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void flatten(Object node, List<Double> out) {
        if (node instanceof List<?> list) {
            for (Object child : list) {
                flatten(child, out);
            }
        } else {
            out.add(((Number) node).doubleValue());
        }
    }
}
