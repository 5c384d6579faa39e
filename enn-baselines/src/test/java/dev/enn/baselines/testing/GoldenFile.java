package dev.enn.baselines.testing;

import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the golden JSON files written by {@code golden/make_baseline_golden.py} from the test
 * class path. A minimal recursive-descent parser: objects become ordered maps, arrays lists,
 * numbers doubles; tensors are objects {@code {"shape": [...], "data": [...]}}.
 */
public final class GoldenFile {
    private final Map<String, Object> root;

    private GoldenFile(Map<String, Object> root) {
        this.root = root;
    }

    /** Loads {@code golden/NAME} from the test class path. */
    @SuppressWarnings("unchecked")
    public static GoldenFile load(String name) {
        String resource = "/golden/" + name;
        try (InputStream in = GoldenFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + resource + " not found on the test class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new GoldenFile((Map<String, Object>) new Parser(text).parseDocument());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden file " + resource, e);
        }
    }

    /** Returns the value at a path of object keys, e.g. {@code get("train", "loss")}. */
    public Object get(String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalArgumentException("golden file has no entry " + String.join(".", path) + " (missing '" + key + "')");
            }
            node = map.get(key);
        }
        return node;
    }

    /** Returns the number at a path. */
    public double number(String... path) {
        return (Double) get(path);
    }

    /** Returns the tensor stored at a path. */
    public Tensor tensor(String... path) {
        return toTensor(get(path));
    }

    /** Returns every tensor of the object at a path, by key. */
    public Map<String, Tensor> tensors(String... path) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) get(path)).entrySet()) {
            out.put((String) e.getKey(), toTensor(e.getValue()));
        }
        return out;
    }

    private static Tensor toTensor(Object node) {
        Map<?, ?> map = (Map<?, ?>) node;
        List<?> shapeList = (List<?>) map.get("shape");
        List<?> dataList = (List<?>) map.get("data");
        int[] shape = new int[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) (double) (Double) shapeList.get(i);
        }
        double[] data = new double[dataList.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (Double) dataList.get(i);
        }
        return Tensor.of(data, shape);
    }

    /** JSON parser over a string; numbers are parsed with {@link Double#parseDouble}, which round-trips Python's repr. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Object parseDocument() {
            Object value = parseValue();
            skipWhitespace();
            if (pos != text.length()) {
                throw error("trailing characters");
            }
            return value;
        }

        private Object parseValue() {
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(pos);
            if (c == '{') {
                return parseObject();
            }
            if (c == '[') {
                return parseArray();
            }
            if (c == '"') {
                return parseString();
            }
            if (text.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (text.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            return parseNumber();
        }

        private Map<String, Object> parseObject() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipWhitespace();
            if (text.charAt(pos) == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                String key = parseString();
                skipWhitespace();
                expect(':');
                map.put(key, parseValue());
                skipWhitespace();
                if (text.charAt(pos) == ',') {
                    pos++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> parseArray() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipWhitespace();
            if (text.charAt(pos) == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(parseValue());
                skipWhitespace();
                if (text.charAt(pos) == ',') {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String parseString() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (text.charAt(pos) != '"') {
                char c = text.charAt(pos++);
                if (c == '\\') {
                    char escaped = text.charAt(pos++);
                    switch (escaped) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> sb.append(escaped);
                    }
                } else {
                    sb.append(c);
                }
            }
            pos++;
            return sb.toString();
        }

        private Double parseNumber() {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String token = text.substring(start, pos);
            if (token.isEmpty()) {
                throw error("expected a value");
            }
            return Double.parseDouble(token);
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipWhitespace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalStateException error(String what) {
            return new IllegalStateException("golden JSON: " + what + " at offset " + pos);
        }
    }
}
