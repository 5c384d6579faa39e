package dev.enn.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer, so that enn-core needs no JSON dependency.
 *
 * <p>Values map to Java as follows: object → unmodifiable {@code Map<String, Object>} in document
 * order, array → unmodifiable {@code List<Object>}, string → {@code String}, number without
 * fraction or exponent → {@code Long}, other number → {@code Double}, {@code true}/{@code false}
 * → {@code Boolean}, {@code null} → {@link #NULL}.
 *
 * <p>The reader rejects, with the byte offset: invalid UTF-8, duplicate object keys, unpaired
 * UTF-16 surrogates in {@code &#92;uXXXX} escapes, integers outside the signed 64-bit range, numbers
 * outside the double range, nesting deeper than the depth limit, and any text after the value
 * other than whitespace (space, tab, CR, LF). Offsets count bytes of the UTF-8 input, starting at 0.
 */
public final class Json {
    /** The JSON {@code null} value. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Default maximum nesting depth of objects and arrays. */
    public static final int DEFAULT_MAX_DEPTH = 128;

    private Json() {
    }

    /**
     * Parses UTF-8 JSON text with the default depth limit.
     *
     * @throws JsonException if the text is not valid JSON or breaks one of the rules in the class
     *     documentation
     */
    public static Object parse(byte[] utf8) {
        return parse(utf8, DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses JSON text with the default depth limit. Offsets in errors count UTF-8 bytes.
     *
     * @throws JsonException if the text is not valid JSON
     */
    public static Object parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8), DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses UTF-8 JSON text.
     *
     * @param maxDepth maximum nesting of objects and arrays; a top-level scalar has depth 0
     * @throws JsonException if the text is not valid JSON or nests deeper than {@code maxDepth}
     * @throws IllegalArgumentException if {@code maxDepth} is negative
     */
    public static Object parse(byte[] utf8, int maxDepth) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("Json.parse: maxDepth must be >= 0, got " + maxDepth);
        }
        return new JsonParser(utf8, maxDepth).parseDocument();
    }

    /**
     * Writes a value as compact JSON (no whitespace). Maps are written in their iteration order.
     * Accepted values: {@code Map} with {@code String} keys, {@code List}, {@code String},
     * {@code Long}, {@code Integer}, {@code Short}, {@code Byte}, finite {@code Double} or
     * {@code Float}, {@code Boolean}, {@link #NULL} and {@code null}. Characters outside ASCII are
     * written as UTF-8 text, not escaped.
     *
     * @throws IllegalArgumentException for any other type, a non-finite number, a string with an
     *     unpaired surrogate, or nesting deeper than {@link #DEFAULT_MAX_DEPTH}
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(out, value, 0);
        return out.toString();
    }

    /**
     * Returns the JSON type name of a parsed value: object, array, string, number, boolean or
     * null. Error messages use it.
     */
    public static String typeName(Object value) {
        if (value == null || value == NULL) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value.getClass().getName();
    }

    // ---------------------------------------------------------------- writer

    private static void writeValue(StringBuilder out, Object value, int depth) {
        if (value == null || value == NULL) {
            out.append("null");
        } else if (value instanceof String) {
            writeString(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("Json.write: " + d + " has no JSON form; "
                        + "JSON numbers must be finite, so encode NaN and infinities as strings");
            }
            out.append(value instanceof Float ? Float.toString((Float) value) : Double.toString(d));
        } else if (value instanceof Map) {
            checkDepth(depth + 1);
            writeObject(out, (Map<?, ?>) value, depth + 1);
        } else if (value instanceof List) {
            checkDepth(depth + 1);
            writeArray(out, (List<?>) value, depth + 1);
        } else {
            throw new IllegalArgumentException("Json.write: values of type " + value.getClass().getName()
                    + " have no JSON form; use Map, List, String, Long, Double, Boolean or Json.NULL");
        }
    }

    private static void checkDepth(int depth) {
        if (depth > DEFAULT_MAX_DEPTH) {
            throw new IllegalArgumentException("Json.write: value nests deeper than " + DEFAULT_MAX_DEPTH
                    + " levels; a map or list that contains itself causes this");
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new IllegalArgumentException("Json.write: object key " + entry.getKey()
                        + " is not a String; JSON object keys are strings");
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, (String) entry.getKey());
            out.append(':');
            writeValue(out, entry.getValue(), depth);
        }
        out.append('}');
    }

    private static void writeArray(StringBuilder out, List<?> list, int depth) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeValue(out, list.get(i), depth);
        }
        out.append(']');
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1));
                        if (!paired) {
                            throw new IllegalArgumentException("Json.write: string has an unpaired surrogate U+"
                                    + String.format("%04X", (int) c) + " at index " + i
                                    + "; such a string has no UTF-8 form");
                        }
                        out.append(c).append(s.charAt(i + 1));
                        i++;
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---------------------------------------------------------------- reader

    /** Recursive-descent parser over UTF-8 bytes; one instance per document. */
    private static final class JsonParser {
        private final byte[] in;
        private final int maxDepth;
        private int pos;

        JsonParser(byte[] in, int maxDepth) {
            this.in = in;
            this.maxDepth = maxDepth;
        }

        Object parseDocument() {
            skipWhitespace();
            Object value = parseValue(0);
            skipWhitespace();
            if (pos < in.length) {
                throw error(pos, "unexpected " + describe(pos) + " after the JSON value");
            }
            return value;
        }

        private Object parseValue(int depth) {
            if (pos >= in.length) {
                throw error(pos, "unexpected end of input, expected a value");
            }
            byte b = in[pos];
            switch (b) {
                case '{':
                    return parseObject(enter(depth));
                case '[':
                    return parseArray(enter(depth));
                case '"':
                    return parseString();
                case 't':
                    return parseLiteral("true", Boolean.TRUE);
                case 'f':
                    return parseLiteral("false", Boolean.FALSE);
                case 'n':
                    return parseLiteral("null", NULL);
                default:
                    if (b == '-' || (b >= '0' && b <= '9')) {
                        return parseNumber();
                    }
                    throw error(pos, "unexpected " + describe(pos) + ", expected a value");
            }
        }

        private int enter(int depth) {
            if (depth + 1 > maxDepth) {
                throw error(pos, "nesting deeper than " + maxDepth + " levels");
            }
            return depth + 1;
        }

        private Map<String, Object> parseObject(int depth) {
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error(pos, "unexpected " + describe(pos) + ", expected '\"' to start an object key");
                }
                int keyStart = pos;
                String key = parseString();
                if (map.containsKey(key)) {
                    throw error(keyStart, "duplicate key \"" + key + "\"");
                }
                skipWhitespace();
                expect(':', "after an object key");
                skipWhitespace();
                map.put(key, parseValue(depth));
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == '}') {
                    pos++;
                    return Collections.unmodifiableMap(map);
                } else {
                    throw error(pos, "unexpected " + describe(pos) + ", expected ',' or '}' in an object");
                }
            }
        }

        private List<Object> parseArray(int depth) {
            pos++;
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(parseValue(depth));
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == ']') {
                    pos++;
                    return Collections.unmodifiableList(list);
                } else {
                    throw error(pos, "unexpected " + describe(pos) + ", expected ',' or ']' in an array");
                }
            }
        }

        private Object parseLiteral(String word, Object value) {
            for (int i = 0; i < word.length(); i++) {
                if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
                    throw error(pos, "invalid literal, expected '" + word + "'");
                }
            }
            pos += word.length();
            return value;
        }

        private Object parseNumber() {
            int start = pos;
            boolean integer = true;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                skipDigits();
            } else {
                throw error(pos, "unexpected " + describe(pos) + ", expected a digit");
            }
            if (peek() == '.') {
                integer = false;
                pos++;
                if (!isDigit(peek())) {
                    throw error(pos, "unexpected " + describe(pos) + ", expected a digit after '.'");
                }
                skipDigits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integer = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error(pos, "unexpected " + describe(pos) + ", expected a digit in the exponent");
                }
                skipDigits();
            }
            String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
            if (integer) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw error(start, "integer " + abbreviate(text) + " is outside the signed 64-bit range");
                }
            }
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                throw error(start, "number " + abbreviate(text) + " is outside the double range");
            }
            return d;
        }

        private void skipDigits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private String parseString() {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= in.length) {
                    throw error(pos, "unexpected end of input inside a string");
                }
                int b = in[pos] & 0xFF;
                if (b == '"') {
                    pos++;
                    return sb.toString();
                } else if (b == '\\') {
                    parseEscape(sb);
                } else if (b < 0x20) {
                    throw error(pos, "unescaped control character " + String.format("U+%04X", b)
                            + " in a string; write it as an escape such as \\n or \\u00XX");
                } else if (b < 0x80) {
                    sb.append((char) b);
                    pos++;
                } else {
                    sb.appendCodePoint(decodeUtf8());
                }
            }
        }

        private void parseEscape(StringBuilder sb) {
            int escapeStart = pos;
            pos++;
            if (pos >= in.length) {
                throw error(pos, "unexpected end of input inside a string escape");
            }
            byte e = in[pos++];
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char c = parseHex4();
                    if (Character.isLowSurrogate(c)) {
                        throw error(escapeStart, "unpaired low surrogate \\u" + hex(c) + " in a string");
                    }
                    if (Character.isHighSurrogate(c)) {
                        if (pos + 1 >= in.length || in[pos] != '\\' || in[pos + 1] != 'u') {
                            throw error(escapeStart, "high surrogate \\u" + hex(c)
                                    + " is not followed by a \\u escape of a low surrogate");
                        }
                        pos += 2;
                        char low = parseHex4();
                        if (!Character.isLowSurrogate(low)) {
                            throw error(escapeStart, "high surrogate \\u" + hex(c) + " is followed by \\u"
                                    + hex(low) + ", which is not a low surrogate (DC00 to DFFF)");
                        }
                        sb.append(c).append(low);
                    } else {
                        sb.append(c);
                    }
                }
                default -> throw error(escapeStart, "invalid escape: backslash followed by " + printable(e)
                        + "; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
            }
        }

        private char parseHex4() {
            if (pos + 4 > in.length) {
                throw error(pos, "unexpected end of input inside a \\u escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(in[pos + i] & 0xFF, 16);
                if (digit < 0 || (in[pos + i] & 0xFF) >= 0x80) {
                    throw error(pos + i, "unexpected " + describe(pos + i) + " in a \\u escape, expected a hex digit");
                }
                value = value * 16 + digit;
            }
            pos += 4;
            return (char) value;
        }

        /**
         * Decodes one multi-byte UTF-8 sequence at {@code pos}. Rejects overlong forms, encoded
         * surrogates and code points above U+10FFFF, as RFC 3629 requires.
         */
        private int decodeUtf8() {
            int start = pos;
            int lead = in[pos] & 0xFF;
            int length;
            int codePoint;
            int minSecond = 0x80;
            int maxSecond = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                codePoint = lead & 0x1F;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                codePoint = lead & 0x0F;
                if (lead == 0xE0) {
                    minSecond = 0xA0;
                } else if (lead == 0xED) {
                    maxSecond = 0x9F;
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                codePoint = lead & 0x07;
                if (lead == 0xF0) {
                    minSecond = 0x90;
                } else if (lead == 0xF4) {
                    maxSecond = 0x8F;
                }
            } else {
                throw error(start, "invalid UTF-8 lead byte 0x" + String.format("%02X", lead));
            }
            for (int i = 1; i < length; i++) {
                if (start + i >= in.length) {
                    throw error(start, "UTF-8 sequence cut off by the end of input");
                }
                int next = in[start + i] & 0xFF;
                int min = i == 1 ? minSecond : 0x80;
                int max = i == 1 ? maxSecond : 0xBF;
                if (next < min || next > max) {
                    throw error(start + i, "invalid UTF-8 continuation byte 0x" + String.format("%02X", next));
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            pos = start + length;
            return codePoint;
        }

        private void skipWhitespace() {
            while (pos < in.length) {
                byte b = in[pos];
                if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private void expect(char c, String where) {
            if (peek() != c) {
                throw error(pos, "unexpected " + describe(pos) + ", expected '" + c + "' " + where);
            }
            pos++;
        }

        /** Returns the byte at {@code pos}, or -1 at the end of input. */
        private int peek() {
            return pos < in.length ? in[pos] : -1;
        }

        private static boolean isDigit(int b) {
            return b >= '0' && b <= '9';
        }

        private String describe(int at) {
            if (at >= in.length) {
                return "end of input";
            }
            int u = in[at] & 0xFF;
            return (u >= 0x21 && u < 0x7F ? "character " : "") + printable(in[at]);
        }

        private static String printable(byte b) {
            int u = b & 0xFF;
            if (u >= 0x21 && u < 0x7F) {
                return "'" + (char) u + "'";
            }
            return "byte 0x" + String.format("%02X", u);
        }

        private static String hex(char c) {
            return String.format("%04X", (int) c);
        }

        private static String abbreviate(String text) {
            return text.length() <= 40 ? text : text.substring(0, 20) + "..." + " (" + text.length() + " characters)";
        }

        private static JsonException error(int offset, String problem) {
            return new JsonException(offset, problem);
        }
    }
}
