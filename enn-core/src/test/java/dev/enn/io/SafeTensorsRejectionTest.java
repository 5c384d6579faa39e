package dev.enn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken and hostile safetensors files: each is rejected with a {@link ModelFileException} that
 * names the file and the problem, and the reader leaves the file and its directory unchanged.
 */
class SafeTensorsRejectionTest {
    private static final String W_F64 = "\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}";

    @TempDir
    Path dir;

    @Test
    void emptyFile() throws IOException {
        assertRejected(new byte[0], "file is empty (0 bytes)");
    }

    @Test
    void sevenByteFile() throws IOException {
        assertRejected(new byte[7], "file too small for the 8-byte header length: it has 7 bytes");
    }

    @Test
    void headerLengthJustAboveCap() throws IOException {
        assertRejected(RawFiles.concat(RawFiles.le64(SafeTensors.MAX_HEADER_BYTES + 1), new byte[16]),
                "header too large", "100000001", "limit of 100000000 bytes");
    }

    @Test
    void headerLengthNegativeAsSigned() throws IOException {
        assertRejected(RawFiles.concat(RawFiles.le64(Long.MIN_VALUE), "{}".getBytes(StandardCharsets.UTF_8)),
                "header too large", "9223372036854775808");
    }

    @Test
    void headerLengthPastEnd() throws IOException {
        assertRejected(RawFiles.concat(RawFiles.le64(3), "{}".getBytes(StandardCharsets.UTF_8)),
                "header length 3 exceeds the 2 bytes available", "truncated");
    }

    @Test
    void headerLengthZero() throws IOException {
        assertRejected(RawFiles.le64(0), "header is empty (length 0)");
    }

    @Test
    void invalidJson() throws IOException {
        assertRejected(RawFiles.file("{\"w\":", new byte[0]),
                "header is invalid JSON at header byte 5 (file offset 13): unexpected end of input");
    }

    @Test
    void invalidUtf8InHeader() throws IOException {
        byte[] header = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
        assertRejected(RawFiles.concat(RawFiles.le64(header.length), header),
                "header is invalid JSON at header byte 3", "invalid UTF-8 continuation byte 0x22");
    }

    @Test
    void headerIsArray() throws IOException {
        assertRejected(RawFiles.file("[1, 2]", new byte[0]), "header is a JSON array; it must be a JSON object");
    }

    @Test
    void headerStartsWithWhitespace() throws IOException {
        assertRejected(RawFiles.file(" {}", new byte[0]), "header starts with whitespace");
    }

    @Test
    void headerWithTrailingGarbage() throws IOException {
        assertRejected(RawFiles.file("{}\u0000\u0000", new byte[0]), "unexpected byte 0x00 after the JSON value");
    }

    @Test
    void unknownDtype() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor \"w\": unknown dtype \"F33\"; enn reads [BOOL, U8");
    }

    @Test
    void unsupportedDtype() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                new byte[1]), "tensor \"w\": dtype F8_E4M3 is not supported");
    }

    @Test
    void dtypeNotString() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "dtype is a JSON number");
    }

    @Test
    void negativeDimension() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2,-1],\"data_offsets\":[0,8]}}",
                new byte[8]), "tensor \"w\": shape dimension 1 is negative (-1)");
    }

    @Test
    void fractionalDimension() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2.5],\"data_offsets\":[0,8]}}",
                new byte[8]), "shape dimension 0 is 2.5; dimensions must be non-negative integers");
    }

    @Test
    void integralDoubleDimension() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1.0],\"data_offsets\":[0,8]}}",
                new byte[8]), "shape dimension 0 is 1.0; dimensions must be non-negative integers");
    }

    @Test
    void stringDimension() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[\"1\"],\"data_offsets\":[0,8]}}",
                new byte[8]), "shape dimension 0 is \"1\"");
    }

    @Test
    void shapeNotArray() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":1,\"data_offsets\":[0,8]}}",
                new byte[8]), "shape is a JSON number");
    }

    @Test
    void dimensionAboveIntRange() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296],\"data_offsets\":[0,8]}}",
                new byte[8]), "shape dimension 0 is 4294967296, above the limit 2147483647");
    }

    @Test
    void elementCountOverflow() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],"
                + "\"data_offsets\":[0,8]}}", new byte[8]), "element count of shape", "overflows a 64-bit integer");
    }

    @Test
    void elementCountAboveArrayLimit() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"U8\",\"shape\":[2147483647,2],\"data_offsets\":[0,8]}}",
                new byte[8]), "has 4294967294 elements; enn tensors hold at most 2147483639");
    }

    @Test
    void byteCountDiffersFromOffsets() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                new byte[8]), "shape [2] of F64 needs 16 bytes but data_offsets [0, 8] cover 8 bytes");
    }

    @Test
    void offsetsPastDataBuffer() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}",
                new byte[8]), "data_offsets [8, 16] extend past the end of the 8-byte data buffer");
    }

    @Test
    void offsetsHugeNumbers() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":"
                + "[9223372036854775800,9223372036854775807]}}", new byte[8]), "extend past the end");
    }

    @Test
    void offsetsBeyondLongRange() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":"
                + "[0,18446744073709551615]}}", new byte[8]), "integer 18446744073709551615 is outside the signed 64-bit range");
    }

    @Test
    void offsetsBeginAfterEnd() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[8,0]}}",
                new byte[8]), "data_offsets [8, 0] has begin after end");
    }

    @Test
    void offsetsNegative() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[-8,0]}}",
                new byte[8]), "begin and end must be non-negative integers");
    }

    @Test
    void offsetsWrongLength() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8,16]}}",
                new byte[8]), "data_offsets is [0,8,16]; it must be an array of two integers");
    }

    @Test
    void overlappingTensors() throws IOException {
        String header = "{" + W_F64 + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(RawFiles.file(header, new byte[12]),
                "tensors \"w\" (data_offsets [0, 8]) and \"v\" (data_offsets [4, 12]) overlap");
    }

    @Test
    void identicalRanges() throws IOException {
        String header = "{" + W_F64 + ",\"v\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        assertRejected(RawFiles.file(header, new byte[8]), "overlap");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        String header = "{" + W_F64 + ",\"v\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
        assertRejected(RawFiles.file(header, new byte[24]),
                "gap of 8 bytes between tensor \"w\" (ends at 8) and tensor \"v\" (begins at 16)");
    }

    @Test
    void gapAtStart() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}",
                new byte[16]), "gap of 8 bytes between the start of the data buffer and tensor \"w\"");
    }

    @Test
    void trailingBytes() throws IOException {
        assertRejected(RawFiles.file("{" + W_F64 + "}", new byte[12]),
                "data buffer has 4 trailing bytes: the last tensor \"w\" ends at 8 but the data buffer is 12 bytes");
    }

    @Test
    void dataWithoutTensors() throws IOException {
        assertRejected(RawFiles.file("{\"__metadata__\":{}}", new byte[3]),
                "data buffer has 3 trailing bytes: the header lists no tensors");
    }

    @Test
    void duplicateNames() throws IOException {
        assertRejected(RawFiles.file("{" + W_F64 + "," + W_F64 + "}", new byte[8]), "duplicate key \"w\"");
    }

    @Test
    void duplicateFieldInEntry() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                new byte[8]), "duplicate key \"dtype\"");
    }

    @Test
    void nonStringMetadataValue() throws IOException {
        assertRejected(RawFiles.file("{\"__metadata__\":{\"epoch\":3}," + W_F64 + "}", new byte[8]),
                "__metadata__ value for key \"epoch\" is a JSON number; metadata values must be strings");
    }

    @Test
    void metadataNotObject() throws IOException {
        assertRejected(RawFiles.file("{\"__metadata__\":[\"a\"]}", new byte[0]), "__metadata__ is a JSON array");
    }

    @Test
    void entryNotObject() throws IOException {
        assertRejected(RawFiles.file("{\"w\":[0,8]}", new byte[8]), "tensor \"w\": entry is a JSON array");
    }

    @Test
    void entryMissingField() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1]}}", new byte[8]),
                "tensor \"w\": missing field \"data_offsets\"");
    }

    @Test
    void entryUnknownField() throws IOException {
        assertRejected(RawFiles.file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"x\":1}}",
                new byte[8]), "tensor \"w\": unknown field \"x\"");
    }

    @Test
    void controlCharacterInNameIsEscaped() throws IOException {
        String header = "{\"a\\nb\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        ModelFileException e = assertRejected(RawFiles.file(header, new byte[4]), "tensor \"a\\nb\": unknown dtype");
        assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
    }

    @Test
    void deepNesting() throws IOException {
        String header = "{\"__metadata__\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertRejected(RawFiles.file(header, new byte[0]), "nesting deeper than 16 levels");
    }

    @Test
    void nanRejectedByDefault() throws IOException {
        ModelFileException e = assertRejected(RawFiles.file("{" + W_F64 + "}", RawFiles.f64(Double.NaN)),
                "tensor \"w\" has 1 non-finite values, the first NaN at index 0");
        assertTrue(e.getMessage().contains("ReadOptions.allowNonFinite()"), e.getMessage());
    }

    @Test
    void infinityInF32Rejected() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}";
        assertRejected(RawFiles.file(header, RawFiles.f32(1f, 2f, Float.NEGATIVE_INFINITY)),
                "has 1 non-finite values, the first -Infinity at index 2");
    }

    @Test
    void nanAllowedWithWarning() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}";
        Path file = dir.resolve("nan.safetensors");
        Files.write(file, RawFiles.file(header, RawFiles.f32(Float.NaN, 2f, Float.POSITIVE_INFINITY)));
        LoadedTensors loaded = SafeTensors.read(file, ReadOptions.allowNonFinite());
        double[] values = loaded.tensors().get("w").toArray();
        assertTrue(Double.isNaN(values[0]));
        assertEquals(2.0, values[1]);
        assertEquals(Double.POSITIVE_INFINITY, values[2]);
        assertEquals(List.of("tensor \"w\" has 2 non-finite values, the first NaN at index 0"), loaded.warnings());
    }

    @Test
    void boolByteOtherThanZeroOrOne() throws IOException {
        assertRejected(RawFiles.file("{\"b\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}",
                new byte[] {1, 2}), "tensor \"b\": BOOL element 1 is byte 0x02; BOOL elements must be 0 or 1");
    }

    @Test
    void int64AboveTwoToThe53() throws IOException {
        assertRejected(RawFiles.file("{\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                RawFiles.le64((1L << 53) + 1)), "I64 element 0 is 9007199254740993, which has no exact double");
    }

    @Test
    void uint64AboveSignedRange() throws IOException {
        assertRejected(RawFiles.file("{\"u\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                RawFiles.le64(-1L)), "U64 element 0 is 18446744073709551615, which has no exact double");
    }

    @Test
    void directoryRejected() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("model.safetensors"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(sub));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> SafeTensors.read(dir.resolve("absent.safetensors")));
    }

    @Test
    void truncatedCheckpointHeader() throws IOException {
        // A file of the first 100 bytes of a valid checkpoint whose header is longer than 92 bytes.
        Path valid = dir.resolve("valid.safetensors");
        ModelFiles.save(valid, new Linear(4, 3, new Rng(1)), Map.of("epoch", "1"), DType.F64);
        byte[] first100 = Arrays.copyOf(Files.readAllBytes(valid), 100);
        Files.delete(valid);
        assertRejected(first100, "exceeds the 92 bytes available", "truncated");
    }

    @Test
    void truncatedCheckpointData() throws IOException {
        // A file of the first 100 bytes of a valid checkpoint whose header fits in them.
        Path valid = dir.resolve("valid.safetensors");
        SafeTensors.write(valid, Map.of("w", dev.enn.tensor.Tensor.zeros(100)), Map.of(), DType.F64);
        byte[] first100 = Arrays.copyOf(Files.readAllBytes(valid), 100);
        Files.delete(valid);
        assertRejected(first100, "data_offsets [0, 800] extend past the end of the 28-byte data buffer",
                "truncated");
    }

    /**
     * Writes {@code bytes} to a fresh file, reads it, and checks that the reader threw a
     * ModelFileException naming the file and containing each fragment, and left the file and
     * the directory as they were.
     */
    private ModelFileException assertRejected(byte[] bytes, String... fragments) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        List<Path> before = listDirectory();

        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(file));

        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
        assertEquals(before, listDirectory());
        assertArrayEquals(bytes, Files.readAllBytes(file));
        Files.delete(file);
        return e;
    }

    private List<Path> listDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
