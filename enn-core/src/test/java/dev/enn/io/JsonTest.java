package dev.enn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryValueType() {
        Object value = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": {}, \"f\": []}\n");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of("a", "b", "e", "f"), List.copyOf(map.keySet()));
        List<?> a = (List<?>) map.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2500.0, a.get(1));
        assertEquals(Boolean.TRUE, a.get(2));
        assertEquals(Boolean.FALSE, a.get(3));
        assertSame(Json.NULL, a.get(4));
        assertEquals(Map.of("c", "d"), map.get("b"));
        assertEquals(Map.of(), map.get("e"));
        assertEquals(List.of(), map.get("f"));
    }

    @Test
    void parsesTopLevelScalars() {
        assertEquals("x", Json.parse("\"x\""));
        assertEquals(0L, Json.parse("0"));
        assertEquals(-0.0, Json.parse("-0.0"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(1e-320, Json.parse("1e-320"));
        assertEquals(0.1, Json.parse("0.1"));
        assertEquals(1.0, Json.parse("1E0"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("\"\\/\b\f\n\r\té", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\""));
    }

    @Test
    void decodesSurrogatePairEscape() {
        assertEquals("\uD83D\uDE00", Json.parse("\"\\uD83D\\uDE00\""));
    }

    @Test
    void decodesRawUtf8() {
        String text = "\"aé€\uD83D\uDE00\"";
        assertEquals("aé€\uD83D\uDE00", Json.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertError("\"\\uD83D\"", 1, "high surrogate \\uD83D is not followed by a \\u escape of a low surrogate");
        assertError("\"\\uD83Dx\"", 1, "high surrogate \\uD83D is not followed");
        assertError("\"\\uD83D\\u0041\"", 1, "is followed by \\u0041, which is not a low surrogate");
        assertError("\"\\uDE00\"", 1, "unpaired low surrogate \\uDE00");
    }

    @Test
    void rejectsInvalidUtf8() {
        assertErrorBytes(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}, 1, "invalid UTF-8 lead byte 0xC0");
        assertErrorBytes(new byte[] {'"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'}, 2,
                "invalid UTF-8 continuation byte 0x80");
        assertErrorBytes(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, 2,
                "invalid UTF-8 continuation byte 0xA0");
        assertErrorBytes(new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, 2,
                "invalid UTF-8 continuation byte 0x90");
        assertErrorBytes(new byte[] {'"', (byte) 0xE2, (byte) 0x82}, 1, "UTF-8 sequence cut off");
        assertErrorBytes(new byte[] {'"', (byte) 0xFF, '"'}, 1, "invalid UTF-8 lead byte 0xFF");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertError("{\"a\":1,\"b\":2,\"a\":3}", 13, "duplicate key \"a\"");
        assertError("{\"a\":{\"x\":1,\"x\":1}}", 12, "duplicate key \"x\"");
    }

    @Test
    void rejectsBadNumbers() {
        assertError("01", 1, "unexpected character '1' after the JSON value");
        assertError("-", 1, "expected a digit");
        assertError("1.", 2, "expected a digit after '.'");
        assertError("1e", 2, "expected a digit in the exponent");
        assertError("+1", 0, "unexpected character '+', expected a value");
        assertError(".5", 0, "unexpected character '.'");
        assertError("9223372036854775808", 0, "integer 9223372036854775808 is outside the signed 64-bit range");
        assertError("1e400", 0, "number 1e400 is outside the double range");
        assertError("NaN", 0, "unexpected character 'N'");
        assertError("Infinity", 0, "unexpected character 'I'");
    }

    @Test
    void rejectsStructuralErrors() {
        assertError("", 0, "unexpected end of input, expected a value");
        assertError("   ", 3, "unexpected end of input");
        assertError("{\"a\":1,}", 7, "expected '\"' to start an object key");
        assertError("[1,]", 3, "unexpected character ']', expected a value");
        assertError("{\"a\" 1}", 5, "expected ':' after an object key");
        assertError("{\"a\":1 \"b\":2}", 7, "expected ',' or '}' in an object");
        assertError("[1 2]", 3, "expected ',' or ']' in an array");
        assertError("{1:2}", 1, "expected '\"' to start an object key");
        assertError("tru", 0, "invalid literal, expected 'true'");
        assertError("nul", 0, "invalid literal, expected 'null'");
        assertError("{} {}", 3, "unexpected character '{' after the JSON value");
        assertError("\"abc", 4, "unexpected end of input inside a string");
        assertError("\"a\tb\"", 2, "unescaped control character U+0009");
        assertError("\"\\x\"", 1, "invalid escape: backslash followed by 'x'");
        assertError("\"\\u12G4\"", 5, "in a \\u escape, expected a hex digit");
        assertError("\"\\u12\"xx", 5, "unexpected character '\"' in a \\u escape");
        assertError("\"\\u12\"", 3, "unexpected end of input inside a \\u escape");
        assertError("'a'", 0, "unexpected character ''', expected a value");
    }

    @Test
    void depthLimitCountsNesting() {
        assertEquals(List.of(List.of()), Json.parse("[[]]".getBytes(StandardCharsets.UTF_8), 2));
        JsonException e = assertThrows(JsonException.class,
                () -> Json.parse("[[[]]]".getBytes(StandardCharsets.UTF_8), 2));
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().contains("nesting deeper than 2 levels"), e.getMessage());
        assertEquals(5L, Json.parse("5".getBytes(StandardCharsets.UTF_8), 0));
    }

    @Test
    void deepInputDoesNotOverflowStack() {
        String deep = "[".repeat(1_000_000);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper than " + Json.DEFAULT_MAX_DEPTH), e.getMessage());
    }

    @Test
    void writesCompactJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", List.of(1L, 2, 0.5, -0.0));
        map.put("a", Json.NULL);
        map.put("b", true);
        map.put("c", null);
        assertEquals("{\"z\":[1,2,0.5,-0.0],\"a\":null,\"b\":true,\"c\":null}", Json.write(map));
    }

    @Test
    void writesEscapes() {
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001e\\u001f/é\uD83D\uDE00\"",
                Json.write("q\"b\\n\nt\tc\u0001e\u001f/é\uD83D\uDE00"));
    }

    @Test
    void writeThenParseRoundTrips() {
        List<Object> values = new ArrayList<>(Arrays.asList("", "a\u0000b", "\u2028", "\uD83D\uDE00x", 0L,
                Long.MIN_VALUE, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-7, 123456789.125, true, false, Json.NULL));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("values", values);
        map.put("nested", Map.of("k", List.of(Map.of())));
        assertEquals(map, Json.parse(Json.write(map)));
    }

    @Test
    void writeRejectsNonFiniteNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertTrue(e.getMessage().contains("NaN has no JSON form"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Float.POSITIVE_INFINITY)));
    }

    @Test
    void writeRejectsUnpairedSurrogate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write("a\uD800"));
        assertTrue(e.getMessage().contains("unpaired surrogate U+D800 at index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write("\uDC00b"));
    }

    @Test
    void writeRejectsUnsupportedTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object have no JSON form"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
    }

    @Test
    void writeRejectsSelfContainingList() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(list));
        assertTrue(e.getMessage().contains("nests deeper than"), e.getMessage());
    }

    @Test
    void parseRejectsNegativeDepth() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse(new byte[] {'1'}, -1));
    }

    private static void assertError(String text, long offset, String fragment) {
        assertErrorBytes(text.getBytes(StandardCharsets.UTF_8), offset, fragment);
    }

    private static void assertErrorBytes(byte[] input, long offset, String fragment) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(input),
                () -> "expected an error for " + new String(input, StandardCharsets.UTF_8));
        assertTrue(e.problem().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid JSON at byte " + offset + ": "), e.getMessage());
    }
}
