package dev.enn.io;

import static dev.enn.io.RawFiles.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing, reading and the exact byte layout of safetensors files. */
class SafeTensorsTest {
    /** The valid 72-byte file: {@code w = [1.0, 2.0]} as F32, header padded from 54 to 56 bytes. */
    static final byte[] VALID_72 = RawFiles.concat(hex("38 00 00 00 00 00 00 00"),
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ".getBytes(StandardCharsets.UTF_8),
            hex("00 00 80 3F 00 00 00 40"));

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- header length field

    @Test
    void headerLengthAllOnesIsTooLarge() throws IOException {
        ModelFileException e = readBytes(RawFiles.concat(hex("FF FF FF FF FF FF FF FF"), hex("7B 7D")));
        assertTrue(e.getMessage().contains("header too large"), e.getMessage());
        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
    }

    @Test
    void headerLengthAboveCapIsTooLarge() throws IOException {
        ModelFileException e = readBytes(RawFiles.concat(hex("01 E1 F5 05 00 00 00 00"), new byte[8]));
        assertTrue(e.getMessage().contains("header too large"), e.getMessage());
        assertTrue(e.getMessage().contains("100000001"), e.getMessage());
    }

    @Test
    void headerLengthTwoToThe31IsTooLarge() throws IOException {
        ModelFileException e = readBytes(RawFiles.concat(hex("00 00 00 80 00 00 00 00"), hex("7B 7D")));
        assertTrue(e.getMessage().contains("header too large"), e.getMessage());
        assertTrue(e.getMessage().contains("2147483648"), e.getMessage());
        assertTrue(!e.getMessage().contains("-2147483648"), e.getMessage());
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        ModelFileException e = readBytes(RawFiles.concat(hex("38 00 00 00 00 00 00 00"), new byte[20]));
        assertTrue(e.getMessage().contains("header length 56 exceeds the 20 bytes available"), e.getMessage());
    }

    @Test
    void fiveByteFileIsTooSmall() throws IOException {
        ModelFileException e = readBytes(new byte[5]);
        assertTrue(e.getMessage().contains("file too small for the 8-byte header length"), e.getMessage());
    }

    @Test
    void valid72ByteFileLoads() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        Files.write(file, VALID_72);
        LoadedTensors loaded = SafeTensors.read(file);
        assertEquals(List.of("w"), List.copyOf(loaded.tensors().keySet()));
        assertArrayEquals(new int[] {2}, loaded.tensors().get("w").shape());
        assertArrayEquals(new double[] {1.0, 2.0}, loaded.tensors().get("w").toArray());
        assertEquals(DType.F32, loaded.entries().get("w").dtype());
        assertTrue(loaded.metadata().isEmpty());
        assertTrue(loaded.warnings().isEmpty());
    }

    // ---------------------------------------------------------------- writer layout

    @Test
    void writerF32MatchesReferenceBytes() throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.vector(1.0, 2.0)), Map.of(), DType.F32);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(VALID_72, bytes);
        assertEquals(0, headerLength(bytes) % 8);
        assertEquals(8 + headerLength(bytes) + 8, bytes.length);
        assertArrayEquals(new double[] {1.0, 2.0}, SafeTensors.read(file).tensors().get("w").toArray());
    }

    @Test
    void writerMetadataOnlyIs40Bytes() throws IOException {
        Path file = dir.resolve("meta.safetensors");
        SafeTensors.write(file, Map.of(), Map.of("key", "value"), DType.F64);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(40, bytes.length);
        assertEquals(32, headerLength(bytes));
        assertEquals("{\"__metadata__\":{\"key\":\"value\"}}", headerText(bytes));
        LoadedTensors loaded = SafeTensors.read(file);
        assertTrue(loaded.tensors().isEmpty());
        assertEquals(Map.of("key", "value"), loaded.metadata());
    }

    @Test
    void writerEmptyIs16Bytes() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        SafeTensors.write(file, Map.of(), Map.of(), DType.F64);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(16, bytes.length);
        assertEquals(8, headerLength(bytes));
        assertEquals("{}      ", headerText(bytes));
        LoadedTensors loaded = SafeTensors.read(file);
        assertTrue(loaded.tensors().isEmpty());
        assertTrue(loaded.metadata().isEmpty());
    }

    @Test
    void writerF64KeepsPointOneExactly() throws IOException {
        Path file = dir.resolve("x.safetensors");
        SafeTensors.write(file, Map.of("x", Tensor.vector(0.1)), Map.of(), DType.F64);
        byte[] bytes = Files.readAllBytes(file);
        byte[] data = Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length);
        assertArrayEquals(hex("9A 99 99 99 99 99 B9 3F"), data);
        assertEquals(0, headerLength(bytes) % 8);
        assertEquals(8 + headerLength(bytes) + 8, bytes.length);
        assertEquals(0.1, SafeTensors.read(file).tensors().get("x").item());
    }

    @Test
    void writerSortsTensorsByName() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.vector(2.0));
        tensors.put("a.weight", Tensor.vector(1.0));
        tensors.put("\uD83D\uDE00", Tensor.vector(4.0));
        tensors.put("\uFFFD", Tensor.vector(3.0));
        Path file = dir.resolve("order.safetensors");
        SafeTensors.write(file, tensors, Map.of(), DType.F64);
        LoadedTensors loaded = SafeTensors.read(file);
        // U+FFFD sorts before U+1F600 by code point, though its UTF-16 form sorts after.
        assertEquals(List.of("a.weight", "b", "\uFFFD", "\uD83D\uDE00"), List.copyOf(loaded.tensors().keySet()));
        assertEquals(4.0, loaded.tensors().get("\uD83D\uDE00").item());
    }

    @Test
    void writerBytesIndependentOfMapOrder() throws IOException {
        Map<String, Tensor> forward = new LinkedHashMap<>();
        Map<String, Tensor> backward = new LinkedHashMap<>();
        Map<String, String> metaForward = new LinkedHashMap<>();
        Map<String, String> metaBackward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("t" + i, Tensor.full(i, 2, 3));
            backward.put("t" + (19 - i), Tensor.full(19 - i, 2, 3));
            metaForward.put("k" + i, "v" + i);
            metaBackward.put("k" + (19 - i), "v" + (19 - i));
        }
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        SafeTensors.write(a, forward, metaForward, DType.F64);
        SafeTensors.write(b, new HashMap<>(backward), metaBackward, DType.F64);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void streamWriterMatchesFileWriter() throws IOException {
        Path file = dir.resolve("s.safetensors");
        Map<String, Tensor> tensors = Map.of("w", Tensor.vector(1.0, 2.0));
        SafeTensors.write(file, tensors, Map.of(), DType.F32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, Map.of(), DType.F32, NonFinitePolicy.REJECT);
        assertArrayEquals(Files.readAllBytes(file), out.toByteArray());
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void roundTripF64IsBitIdentical() throws IOException {
        Rng rng = new Rng(20240601);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, Math.nextUp(1.0),
            0.1, 1e-310, -4.9e-324, Math.PI};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("special", Tensor.of(special, special.length));
        tensors.put("scalar", Tensor.scalar(-0.0));
        tensors.put("empty", Tensor.zeros(0, 3));
        tensors.put("randn", Tensor.randn(rng, 3, 4, 5));
        double[] wide = new double[1000];
        for (int i = 0; i < wide.length; i++) {
            // Random bit patterns cover every exponent; NaN patterns are skipped because they are rejected.
            double v = Double.longBitsToDouble(rng.nextLong());
            wide[i] = Double.isFinite(v) ? v : i;
        }
        tensors.put("bits", Tensor.of(wide, 10, 100));
        Path file = dir.resolve("f64.safetensors");
        SafeTensors.write(file, tensors, Map.of("epoch", "1", "note", "ünïcödé \"quoted\"\n"), DType.F64);

        LoadedTensors loaded = SafeTensors.read(file);
        assertEquals(tensors.keySet(), loaded.tensors().keySet());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor back = loaded.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), back.shape(), e.getKey());
            assertArrayEquals(rawBits(e.getValue().dataView()), rawBits(back.dataView()), e.getKey());
            assertEquals(DType.F64, loaded.entries().get(e.getKey()).dtype());
        }
        assertEquals("ünïcödé \"quoted\"\n", loaded.metadata().get("note"));
    }

    @Test
    void roundTripF32RoundsToFloat() throws IOException {
        Rng rng = new Rng(5);
        Tensor t = Tensor.randn(rng, 4, 7);
        Path file = dir.resolve("f32.safetensors");
        SafeTensors.write(file, Map.of("t", t), Map.of(), DType.F32);
        double[] back = SafeTensors.read(file).tensors().get("t").dataView();
        for (int i = 0; i < back.length; i++) {
            assertEquals((double) (float) t.dataView()[i], back[i]);
        }
        assertEquals(8 + headerLength(Files.readAllBytes(file)) + 4 * 28, Files.size(file));
    }

    @Test
    void roundTripNonFiniteAllowed() throws IOException {
        double payloadNan = Double.longBitsToDouble(0x7FF8_0000_0000_1234L);
        Tensor t = Tensor.vector(1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, payloadNan);
        Path file = dir.resolve("nan.safetensors");
        SafeTensors.write(file, Map.of("t", t), Map.of(), DType.F64, NonFinitePolicy.ALLOW);

        LoadedTensors loaded = SafeTensors.read(file, ReadOptions.allowNonFinite());
        assertArrayEquals(rawBits(t.dataView()), rawBits(loaded.tensors().get("t").dataView()));
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).contains("\"t\" has 4 non-finite values, the first NaN at index 1"),
                loaded.warnings().get(0));

        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("\"t\" has 4 non-finite values"), e.getMessage());
        assertTrue(e.getMessage().contains("ReadOptions.allowNonFinite()"), e.getMessage());
    }

    // ---------------------------------------------------------------- writer argument checks

    @Test
    void writerRejectsNonFiniteByDefault() {
        Path file = dir.resolve("nan.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of("t", Tensor.vector(0.0, Double.NaN)), Map.of(), DType.F64));
        assertTrue(e.getMessage().contains("\"t\" has the non-finite value NaN at index 1"), e.getMessage());
        assertTrue(e.getMessage().contains("NonFinitePolicy.ALLOW"), e.getMessage());
        assertEquals(0, fileCount());
    }

    @Test
    void writerRejectsF32Overflow() {
        Path file = dir.resolve("big.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of("t", Tensor.vector(1.0, 1e300)), Map.of(), DType.F32));
        assertTrue(e.getMessage().contains("1.0E300 at index 1, outside the F32 range"), e.getMessage());
        assertTrue(e.getMessage().contains("write it as F64"), e.getMessage());
        assertEquals(0, fileCount());
    }

    @Test
    void writerRejectsUnwritableDtype() {
        Path file = dir.resolve("f16.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of("t", Tensor.vector(1.0)), Map.of(), DType.F16));
        assertTrue(e.getMessage().contains("dtype F16 cannot be written"), e.getMessage());
        assertEquals(0, fileCount());
    }

    @Test
    void writerRejectsReservedName() {
        Path file = dir.resolve("r.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of("__metadata__", Tensor.vector(1.0)), Map.of(), DType.F64));
        assertTrue(e.getMessage().contains("__metadata__ is reserved"), e.getMessage());
        assertEquals(0, fileCount());
    }

    @Test
    void writerRejectsNullMetadataValue() {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("k", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(
                dir.resolve("m.safetensors"), Map.of(), metadata, DType.F64));
        assertTrue(e.getMessage().contains("metadata keys and values must not be null"), e.getMessage());
    }

    // ---------------------------------------------------------------- other dtypes

    @Test
    void readsHalfAndBfloat16Exactly() throws IOException {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, smallest subnormal 2^-24 = 0x0001, max 65504 = 0x7BFF.
        // BF16: 1.0 = 0x3F80, -0.5 = 0xBF00.
        byte[] data = hex("00 3C 00 C0 01 00 FF 7B 80 3F 00 BF");
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
        LoadedTensors loaded = readOk(RawFiles.file(header, data));
        assertArrayEquals(new double[] {1.0, -2.0, Math.scalb(1.0, -24), 65504.0},
                loaded.tensors().get("h").toArray());
        assertArrayEquals(new double[] {1.0, -0.5}, loaded.tensors().get("b").toArray());
        assertEquals(List.of("h", "b"), List.copyOf(loaded.tensors().keySet()));
    }

    @Test
    void halfToDoubleCoversEveryBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            double expected = halfReference(bits);
            double actual = SafeTensorsReader.halfToDouble((short) bits);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(actual), "bits " + bits);
            } else {
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), "bits " + bits);
            }
        }
    }

    @Test
    void readsIntegerDtypes() throws IOException {
        byte[] data = RawFiles.concat(hex("01 00"), hex("FF"), hex("FF"), hex("FF FF"), hex("FF FF"),
                hex("FF FF FF FF"), hex("FF FF FF FF"), RawFiles.le64(1L << 53), RawFiles.le64(-(1L << 53)));
        String header = "{\"bool\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[2,3]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[3,4]},"
                + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[4,6]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[6,8]},"
                + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[12,16]},"
                + "\"u64\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[16,24]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[24,32]}}";
        Map<String, Tensor> t = readOk(RawFiles.file(header, data)).tensors();
        assertArrayEquals(new double[] {1.0, 0.0}, t.get("bool").toArray());
        assertEquals(255.0, t.get("u8").item());
        assertEquals(0, t.get("u8").rank());
        assertEquals(-1.0, t.get("i8").item());
        assertEquals(65535.0, t.get("u16").item());
        assertEquals(-1.0, t.get("i16").item());
        assertEquals(4294967295.0, t.get("u32").item());
        assertEquals(-1.0, t.get("i32").item());
        assertEquals(9007199254740992.0, t.get("u64").item());
        assertEquals(-9007199254740992.0, t.get("i64").item());
    }

    @Test
    void readOrderFollowsDataOffsets() throws IOException {
        String header = "{\"second\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"first\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        LoadedTensors loaded = readOk(RawFiles.file(header, RawFiles.f64(1.0, 2.0)));
        assertEquals(List.of("first", "second"), List.copyOf(loaded.tensors().keySet()));
        assertEquals(2.0, loaded.tensors().get("second").item());
    }

    @Test
    void readAcceptsLargeTensorAcrossChunks() throws IOException {
        Rng rng = new Rng(11);
        Tensor big = Tensor.randn(rng, 300, 1000);
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, Map.of("big", big, "small", Tensor.vector(3.0)), Map.of(), DType.F64);
        LoadedTensors loaded = SafeTensors.read(file);
        assertArrayEquals(rawBits(big.dataView()), rawBits(loaded.tensors().get("big").dataView()));
        assertEquals(3.0, loaded.tensors().get("small").item());
    }

    // ---------------------------------------------------------------- helpers

    private ModelFileException readBytes(byte[] bytes) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    private LoadedTensors readOk(byte[] bytes) throws IOException {
        Path file = dir.resolve("ok.safetensors");
        Files.write(file, bytes);
        return SafeTensors.read(file);
    }

    private long fileCount() {
        try (var files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int headerLength(byte[] file) {
        return (int) java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String headerText(byte[] file) {
        return new String(file, 8, headerLength(file), StandardCharsets.UTF_8);
    }

    private static long[] rawBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    /** Decodes binary16 by the textbook formula, independently of the reader's bit manipulation. */
    private static double halfReference(int bits) {
        int sign = (bits & 0x8000) != 0 ? -1 : 1;
        int exponent = (bits >> 10) & 0x1F;
        int fraction = bits & 0x3FF;
        if (exponent == 0x1F) {
            return fraction == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (exponent == 0) {
            return sign * (fraction / 1024.0) * Math.pow(2, -14);
        }
        return sign * (1 + fraction / 1024.0) * Math.pow(2, exponent - 15);
    }
}
