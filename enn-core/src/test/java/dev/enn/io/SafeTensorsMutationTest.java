package dev.enn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of valid files: bit flips, byte changes, insertions, deletions,
 * truncations, changed header numbers and header lengths. Each mutated file either loads, with
 * tensors identical to the original where the mutation was harmless, or is rejected with a
 * {@link ModelFileException}. Any other exception or error fails the test.
 */
class SafeTensorsMutationTest {
    private static final long SEED = 20240607L;
    private static final int MUTATIONS = 600;
    private static final String[] NAMES = {"w", "bias", "layer.0.weight", "ü", "quote\"d", "tab\tname", "\uD83D\uDE00"};
    private static final String[] NUMBERS = {"0", "1", "7", "8", "-1", "1.5", "2.0", "1e3", "1e400", "2147483647",
        "2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "100000000000000000000000000"};

    private enum Kind { FLIP_BIT, SET_BYTE, INSERT_BYTE, DELETE_BYTE, TRUNCATE, HEADER_NUMBER, HEADER_LENGTH,
        HEADER_WHITESPACE, DATA_BIT }

    @TempDir
    Path dir;

    @Test
    void mutatedFilesLoadOrFailCleanly() throws IOException {
        Rng rng = new Rng(SEED);
        int loaded = 0;
        int rejected = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            // Fresh files, because truncating and rewriting one file makes ext4 flush it each time.
            Path originalFile = dir.resolve("valid" + i + ".safetensors");
            Path file = dir.resolve("mutated" + i + ".safetensors");
            byte[] valid = validFile(rng);
            Files.write(originalFile, valid);
            LoadedTensors original = SafeTensors.read(originalFile);
            Kind kind = Kind.values()[rng.nextInt(Kind.values().length)];
            Mutation mutation = mutate(valid, kind, rng);
            Files.write(file, mutation.bytes);

            String context = "mutation " + i + " (" + mutation.description + ", seed " + SEED + ")";
            LoadedTensors result;
            try {
                result = SafeTensors.read(file);
            } catch (ModelFileException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), context + ": " + e.getMessage());
                rejected++;
                continue;
            } catch (Throwable t) {
                throw new AssertionError(context + " threw " + t, t);
            }
            loaded++;
            checkLoaded(original, result, mutation, context);
        }
        // Both outcomes must occur, or the mutations did not test anything.
        assertTrue(loaded > MUTATIONS / 10, "loaded " + loaded);
        assertTrue(rejected > MUTATIONS / 10, "rejected " + rejected);
    }

    private static void checkLoaded(LoadedTensors original, LoadedTensors result, Mutation mutation, String context) {
        for (StoredTensor t : result.entries().values()) {
            assertEquals(Arrays.stream(t.shape()).asLongStream().reduce(1, (a, b) -> a * b), t.values().length, context);
        }
        if (mutation.harmless) {
            assertEquals(original.entries(), result.entries(), context);
            assertEquals(original.metadata(), result.metadata(), context);
        } else if (mutation.dataByte >= 0) {
            assertEquals(original.metadata(), result.metadata(), context);
            assertEquals(List.copyOf(original.entries().keySet()), List.copyOf(result.entries().keySet()), context);
            int changed = 0;
            for (String name : original.entries().keySet()) {
                StoredTensor before = original.entries().get(name);
                StoredTensor after = result.entries().get(name);
                assertEquals(before.dtype(), after.dtype(), context);
                assertArrayEquals(before.shape(), after.shape(), context);
                for (int k = 0; k < before.values().length; k++) {
                    if (Double.doubleToRawLongBits(before.values()[k]) != Double.doubleToRawLongBits(after.values()[k])) {
                        changed++;
                    }
                }
            }
            assertEquals(1, changed, context + ": a flipped data bit changes exactly one element");
        }
    }

    /** Writes a random valid file: 0 to 4 tensors of rank 0 to 3, F32 or F64, and 0 to 2 metadata entries. */
    private static byte[] validFile(Rng rng) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int count = rng.nextInt(5);
        for (int t = 0; t < count; t++) {
            int[] shape = new int[rng.nextInt(4)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = rng.nextInt(4);
            }
            tensors.put(NAMES[rng.nextInt(NAMES.length)] + t, Tensor.randn(rng, shape));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        int metaCount = rng.nextInt(3);
        for (int m = 0; m < metaCount; m++) {
            metadata.put("key" + m, NAMES[rng.nextInt(NAMES.length)]);
        }
        DType dtype = rng.nextInt(2) == 0 ? DType.F32 : DType.F64;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, metadata, dtype, NonFinitePolicy.REJECT);
        return out.toByteArray();
    }

    private static final class Mutation {
        byte[] bytes;
        String description;
        /** The mutation cannot change the content: the file must load identically. */
        boolean harmless;
        /** Index in the data buffer of a flipped bit's byte, or -1. */
        long dataByte = -1;
    }

    private static Mutation mutate(byte[] valid, Kind kind, Rng rng) {
        Mutation m = new Mutation();
        int headerLength = (int) ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int dataStart = 8 + headerLength;
        int position = rng.nextInt(valid.length);
        switch (kind) {
            case FLIP_BIT -> {
                int bit = rng.nextInt(8);
                m.bytes = valid.clone();
                m.bytes[position] ^= (byte) (1 << bit);
                m.description = "flip bit " + bit + " of byte " + position;
            }
            case SET_BYTE -> {
                m.bytes = valid.clone();
                m.bytes[position] = (byte) rng.nextInt(256);
                m.description = "set byte " + position + " to " + (m.bytes[position] & 0xFF);
            }
            case INSERT_BYTE -> {
                int value = rng.nextInt(256);
                m.bytes = RawFiles.concat(Arrays.copyOf(valid, position), new byte[] {(byte) value},
                        Arrays.copyOfRange(valid, position, valid.length));
                m.description = "insert " + value + " at " + position;
            }
            case DELETE_BYTE -> {
                m.bytes = RawFiles.concat(Arrays.copyOf(valid, position),
                        Arrays.copyOfRange(valid, position + 1, valid.length));
                m.description = "delete byte " + position;
            }
            case TRUNCATE -> {
                m.bytes = Arrays.copyOf(valid, position);
                m.description = "truncate to " + position + " bytes";
            }
            case HEADER_NUMBER -> mutateHeaderNumber(valid, headerLength, m, rng);
            case HEADER_LENGTH -> {
                long length = switch (rng.nextInt(4)) {
                    case 0 -> rng.nextLong();
                    case 1 -> headerLength + rng.nextInt(17) - 8;
                    case 2 -> SafeTensors.MAX_HEADER_BYTES + rng.nextInt(3) - 1;
                    default -> Integer.MAX_VALUE + (long) rng.nextInt(3) - 1;
                };
                m.bytes = valid.clone();
                System.arraycopy(RawFiles.le64(length), 0, m.bytes, 0, 8);
                m.description = "header length " + Long.toUnsignedString(length) + " instead of " + headerLength;
                m.harmless = length == headerLength;
            }
            case HEADER_WHITESPACE -> mutateHeaderWhitespace(valid, headerLength, m, rng);
            case DATA_BIT -> {
                if (valid.length == dataStart) {
                    m.bytes = valid.clone();
                    m.description = "no data to flip";
                    m.harmless = true;
                } else {
                    int at = dataStart + rng.nextInt(valid.length - dataStart);
                    int bit = rng.nextInt(8);
                    m.bytes = valid.clone();
                    m.bytes[at] ^= (byte) (1 << bit);
                    m.description = "flip bit " + bit + " of data byte " + (at - dataStart);
                    m.dataByte = at - dataStart;
                }
            }
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
        if (Arrays.equals(m.bytes, valid)) {
            m.harmless = true;
        }
        return m;
    }

    /** Replaces one number in the header text and fixes the length field to the new header size. */
    private static void mutateHeaderNumber(byte[] valid, int headerLength, Mutation m, Rng rng) {
        String header = new String(valid, 8, headerLength, StandardCharsets.UTF_8);
        List<int[]> numbers = new ArrayList<>();
        for (int i = 0; i < header.length(); i++) {
            if (Character.isDigit(header.charAt(i)) && (i == 0 || !Character.isLetterOrDigit(header.charAt(i - 1)))) {
                int end = i;
                while (end < header.length() && Character.isDigit(header.charAt(end))) {
                    end++;
                }
                numbers.add(new int[] {i, end});
                i = end;
            }
        }
        if (numbers.isEmpty()) {
            m.bytes = valid.clone();
            m.description = "no header number to change";
            m.harmless = true;
            return;
        }
        int[] span = numbers.get(rng.nextInt(numbers.size()));
        String replacement = NUMBERS[rng.nextInt(NUMBERS.length)];
        String mutated = header.substring(0, span[0]) + replacement + header.substring(span[1]);
        m.bytes = withHeader(valid, headerLength, mutated);
        m.description = "header number " + header.substring(span[0], span[1]) + " at " + span[0] + " -> " + replacement;
        m.harmless = replacement.equals(header.substring(span[0], span[1]));
    }

    /** Adds JSON whitespace after a structural character, or swaps padding; the content stays the same. */
    private static void mutateHeaderWhitespace(byte[] valid, int headerLength, Mutation m, Rng rng) {
        String header = new String(valid, 8, headerLength, StandardCharsets.UTF_8);
        String space = new String[] {" ", "\n", "\t", "\r\n"}[rng.nextInt(4)];
        List<Integer> structural = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"' && (i == 0 || header.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && (c == ',' || c == ':' || c == '[' || c == '{')) {
                structural.add(i + 1);
            }
        }
        int at = structural.get(rng.nextInt(structural.size()));
        String mutated = header.substring(0, at) + space + header.substring(at);
        m.bytes = withHeader(valid, headerLength, mutated);
        m.description = "whitespace " + Arrays.toString(space.getBytes(StandardCharsets.UTF_8)) + " at header char " + at;
        m.harmless = true;
    }

    private static byte[] withHeader(byte[] valid, int headerLength, String header) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        return RawFiles.concat(RawFiles.le64(text.length), text, Arrays.copyOfRange(valid, 8 + headerLength, valid.length));
    }

    @Test
    void headerWhitespaceIsAccepted() throws IOException {
        // A hand-checked case of the harmless kind above: JSON whitespace between header tokens.
        String header = "{ \"w\" :\n{\"dtype\":\t\"F64\",\"shape\":[ 1 ],\"data_offsets\":[0,\r\n8]}  }";
        Path file = dir.resolve("spaced.safetensors");
        Files.write(file, RawFiles.file(header, RawFiles.f64(2.5)));
        assertEquals(2.5, SafeTensors.read(file).tensors().get("w").item());
    }
}
