package dev.enn.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and checks the JSON header of a safetensors file against the size of its data buffer.
 * Every number in the header is checked before anything is allocated from it. Problems are
 * reported as {@link HeaderProblem} messages without the file name; the reader adds it.
 */
final class SafeTensorsHeader {
    /** Key of the optional metadata object in the header. */
    static final String METADATA_KEY = "__metadata__";

    /** Largest element count of one tensor: the usual maximum length of a Java array. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** The three header fields only need nesting depth 3; the limit keeps hostile input shallow. */
    private static final int MAX_JSON_DEPTH = 16;

    /** Maximum length, in characters, of a name or value quoted in a message. */
    private static final int MAX_QUOTED_CHARS = 120;

    /** Names the format defines that enn does not read: 8-, 6- and 4-bit floats and complex types. */
    private static final List<String> KNOWN_UNSUPPORTED = List.of(
            "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64", "C128");

    /** One tensor's header entry, checked: byte range inside the data buffer, size matching the shape. */
    record Entry(String name, DType dtype, int[] shape, int elementCount, long begin, long end) {
    }

    /** A problem with the header; the message has no file name. */
    static final class HeaderProblem extends Exception {
        HeaderProblem(String message) {
            super(message);
        }

        HeaderProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Returns the tensors sorted by their position in the data buffer. */
    List<Entry> entries() {
        return entries;
    }

    /** Returns the metadata strings in header order. */
    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Parses a header and checks it against a data buffer of {@code dataLength} bytes.
     *
     * @param header the header bytes, padding included
     * @param dataLength number of bytes after the header
     */
    static SafeTensorsHeader parse(byte[] header, long dataLength) throws HeaderProblem {
        Map<String, Object> root = parseRoot(header);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> field : root.entrySet()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(field.getValue());
            } else {
                entries.add(parseEntry(field.getKey(), field.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkContiguous(entries, dataLength);
        return new SafeTensorsHeader(List.copyOf(entries), metadata);
    }

    private static Map<String, Object> parseRoot(byte[] header) throws HeaderProblem {
        if (header.length == 0) {
            throw new HeaderProblem("header is empty (length 0); it must be a JSON object");
        }
        Object root;
        try {
            root = Json.parse(header, MAX_JSON_DEPTH);
        } catch (JsonException e) {
            throw new HeaderProblem("header is invalid JSON at header byte " + e.offset() + " (file offset "
                    + (e.offset() + 8) + "): " + e.problem(), e);
        }
        if (!(root instanceof Map)) {
            throw new HeaderProblem("header is a JSON " + Json.typeName(root) + "; it must be a JSON object");
        }
        if (header[0] != '{') {
            throw new HeaderProblem("header starts with whitespace; the format requires '{' as its first byte");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root;
        return map;
    }

    private static Map<String, String> parseMetadata(Object value) throws HeaderProblem {
        if (!(value instanceof Map)) {
            throw new HeaderProblem(METADATA_KEY + " is a JSON " + Json.typeName(value)
                    + "; it must be an object whose values are strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new HeaderProblem(METADATA_KEY + " value for key " + quote((String) e.getKey()) + " is a JSON "
                        + Json.typeName(e.getValue()) + "; metadata values must be strings");
            }
            metadata.put((String) e.getKey(), (String) e.getValue());
        }
        return metadata;
    }

    private static Entry parseEntry(String name, Object value, long dataLength) throws HeaderProblem {
        String where = "tensor " + quote(name) + ": ";
        if (!(value instanceof Map)) {
            throw new HeaderProblem(where + "entry is a JSON " + Json.typeName(value)
                    + "; it must be an object with dtype, shape and data_offsets");
        }
        Map<?, ?> fields = (Map<?, ?>) value;
        for (Object key : fields.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new HeaderProblem(where + "unknown field " + quote((String) key)
                        + "; an entry has only dtype, shape and data_offsets");
            }
        }
        DType dtype = parseDType(where, require(where, fields, "dtype"));
        int[] shape = parseShape(where, require(where, fields, "shape"));
        long[] offsets = parseOffsets(where, require(where, fields, "data_offsets"), dataLength);
        int count = elementCount(where, shape);
        long expectedBytes = (long) count * dtype.byteSize();
        long actualBytes = offsets[1] - offsets[0];
        if (expectedBytes != actualBytes) {
            throw new HeaderProblem(where + "shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expectedBytes + " bytes but data_offsets [" + offsets[0] + ", " + offsets[1] + "] cover "
                    + actualBytes + " bytes");
        }
        return new Entry(name, dtype, shape, count, offsets[0], offsets[1]);
    }

    private static Object require(String where, Map<?, ?> fields, String key) throws HeaderProblem {
        Object value = fields.get(key);
        if (value == null) {
            throw new HeaderProblem(where + "missing field \"" + key + "\"");
        }
        return value;
    }

    private static DType parseDType(String where, Object value) throws HeaderProblem {
        if (!(value instanceof String)) {
            throw new HeaderProblem(where + "dtype is a JSON " + Json.typeName(value)
                    + "; it must be a string such as \"F32\"");
        }
        String name = (String) value;
        DType dtype = DType.fromName(name);
        if (dtype != null) {
            return dtype;
        }
        String supported = Arrays.toString(DType.values());
        if (KNOWN_UNSUPPORTED.contains(name)) {
            throw new HeaderProblem(where + "dtype " + name + " is not supported; enn reads " + supported);
        }
        throw new HeaderProblem(where + "unknown dtype " + quote(name) + "; enn reads " + supported);
    }

    private static int[] parseShape(String where, Object value) throws HeaderProblem {
        if (!(value instanceof List)) {
            throw new HeaderProblem(where + "shape is a JSON " + Json.typeName(value)
                    + "; it must be an array of non-negative integers");
        }
        List<?> dims = (List<?>) value;
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            Object dim = dims.get(i);
            if (!(dim instanceof Long)) {
                throw new HeaderProblem(where + "shape dimension " + i + " is " + describe(dim)
                        + "; dimensions must be non-negative integers");
            }
            long d = (Long) dim;
            if (d < 0) {
                throw new HeaderProblem(where + "shape dimension " + i + " is negative (" + d + ")");
            }
            if (d > Integer.MAX_VALUE) {
                throw new HeaderProblem(where + "shape dimension " + i + " is " + d + ", above the limit "
                        + Integer.MAX_VALUE + " of enn tensors");
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    private static int elementCount(String where, int[] shape) throws HeaderProblem {
        long count = 1;
        for (int d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new HeaderProblem(where + "element count of shape " + Arrays.toString(shape)
                        + " overflows a 64-bit integer");
            }
        }
        if (count > MAX_ELEMENTS) {
            throw new HeaderProblem(where + "shape " + Arrays.toString(shape) + " has " + count
                    + " elements; enn tensors hold at most " + MAX_ELEMENTS);
        }
        return (int) count;
    }

    private static long[] parseOffsets(String where, Object value, long dataLength) throws HeaderProblem {
        if (!(value instanceof List) || ((List<?>) value).size() != 2) {
            throw new HeaderProblem(where + "data_offsets is " + describe(value)
                    + "; it must be an array of two integers [begin, end]");
        }
        List<?> pair = (List<?>) value;
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            if (!(pair.get(i) instanceof Long) || (Long) pair.get(i) < 0) {
                throw new HeaderProblem(where + "data_offsets is " + describe(value)
                        + "; begin and end must be non-negative integers");
            }
            offsets[i] = (Long) pair.get(i);
        }
        if (offsets[0] > offsets[1]) {
            throw new HeaderProblem(where + "data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] has begin after end");
        }
        if (offsets[1] > dataLength) {
            throw new HeaderProblem(where + "data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] extend past the end of the " + dataLength + "-byte data buffer; the file is truncated or corrupt");
        }
        return offsets;
    }

    /**
     * Checks that the byte ranges, sorted by begin, tile the data buffer exactly: no overlap, no
     * gap, nothing after the last tensor. The format forbids holes, so that every byte of a file
     * is accounted for.
     */
    private static void checkContiguous(List<Entry> sorted, long dataLength) throws HeaderProblem {
        long position = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < position) {
                throw new HeaderProblem("tensors " + quote(previous.name()) + " (data_offsets [" + previous.begin() + ", "
                        + previous.end() + "]) and " + quote(e.name()) + " (data_offsets [" + e.begin() + ", " + e.end()
                        + "]) overlap");
            }
            if (e.begin() > position) {
                String before = previous == null ? "the start of the data buffer"
                        : "tensor " + quote(previous.name()) + " (ends at " + position + ")";
                throw new HeaderProblem("data buffer has a gap of " + (e.begin() - position) + " bytes between "
                        + before + " and tensor " + quote(e.name()) + " (begins at " + e.begin()
                        + "); the format forbids holes");
            }
            position = e.end();
            previous = e;
        }
        if (position != dataLength) {
            String coverage = previous == null ? "the header lists no tensors"
                    : "the last tensor " + quote(previous.name()) + " ends at " + position;
            throw new HeaderProblem("data buffer has " + (dataLength - position) + " trailing bytes: " + coverage
                    + " but the data buffer is " + dataLength + " bytes; the format forbids unused bytes");
        }
    }

    /** Returns a name as a JSON string literal, shortened, so that control characters cannot garble messages. */
    static String quote(String name) {
        return shorten(Json.write(name));
    }

    /** Returns a parsed JSON value as compact JSON text, shortened for messages. */
    private static String describe(Object value) {
        return shorten(Json.write(value));
    }

    private static String shorten(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text
                : text.substring(0, MAX_QUOTED_CHARS) + "... (" + text.length() + " characters)";
    }
}
