package dev.enn.io;

import dev.enn.io.SafeTensorsHeader.Entry;
import dev.enn.io.SafeTensorsHeader.HeaderProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads safetensors files defensively. The header length is checked against
 * {@link SafeTensors#MAX_HEADER_BYTES} and the file size before the header is read, and every
 * tensor's byte range is checked against the data buffer before any tensor storage is allocated,
 * so no allocation exceeds one double (8 bytes) per byte of the file.
 */
final class SafeTensorsReader {
    private static final Logger LOG = LoggerFactory.getLogger(SafeTensors.class);

    /** Bytes read per positional read of tensor data; a multiple of every element size. */
    private static final int CHUNK_BYTES = 1 << 20;

    /** Integers of larger magnitude than 2^53 do not all have an exact double. */
    private static final long MAX_EXACT_INTEGER = 1L << 53;

    /** Maximum number of tensors named in the one warning logged per file. */
    private static final int MAX_LOGGED_TENSORS = 10;

    private final Path file;
    private final ReadOptions options;

    private SafeTensorsReader(Path file, ReadOptions options) {
        this.file = file;
        this.options = options;
    }

    static LoadedTensors read(Path file, ReadOptions options) throws IOException {
        return new SafeTensorsReader(file, options).read();
    }

    private LoadedTensors read() throws IOException {
        if (Files.isDirectory(file)) {
            throw fail("is a directory; expected a safetensors file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw fail("is not a regular file; expected a safetensors file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            long headerLength = readHeaderLength(channel, fileSize);
            byte[] headerBytes = new byte[(int) headerLength];
            readFully(channel, ByteBuffer.wrap(headerBytes), 8, "the header");
            long dataStart = 8 + headerLength;
            SafeTensorsHeader header;
            try {
                header = SafeTensorsHeader.parse(headerBytes, fileSize - dataStart);
            } catch (HeaderProblem e) {
                throw new ModelFileException(file, e.getMessage(), e);
            }
            return readTensors(channel, header, dataStart);
        }
    }

    /** Reads and checks the 8-byte unsigned little-endian header length. */
    private long readHeaderLength(FileChannel channel, long fileSize) throws IOException {
        if (fileSize == 0) {
            throw fail("file is empty (0 bytes); a safetensors file starts with an 8-byte header length");
        }
        if (fileSize < 8) {
            throw fail("file too small for the 8-byte header length: it has " + fileSize + " bytes");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthField, 0, "the header length");
        long headerLength = lengthField.getLong(0);
        if (Long.compareUnsigned(headerLength, SafeTensors.MAX_HEADER_BYTES) > 0) {
            throw fail("header too large: the header length field is " + Long.toUnsignedString(headerLength)
                    + " bytes, above the limit of " + SafeTensors.MAX_HEADER_BYTES
                    + " bytes; the file is corrupt or not a safetensors file");
        }
        long available = fileSize - 8;
        if (headerLength > available) {
            throw fail("header length " + headerLength + " exceeds the " + available
                    + " bytes available after the length field; the file is truncated or corrupt");
        }
        return headerLength;
    }

    private LoadedTensors readTensors(FileChannel channel, SafeTensorsHeader header, long dataStart)
            throws IOException {
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, maxTensorBytes(header)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Entry entry : header.entries()) {
            double[] values = new double[entry.elementCount()];
            long position = dataStart + entry.begin();
            int elementSize = entry.dtype().byteSize();
            int done = 0;
            while (done < values.length) {
                int count = Math.min(values.length - done, chunk.capacity() / elementSize);
                chunk.clear().limit(count * elementSize);
                readFully(channel, chunk, position, "tensor " + SafeTensorsHeader.quote(entry.name()));
                chunk.flip();
                decode(entry, chunk, values, done, count);
                position += (long) count * elementSize;
                done += count;
            }
            if (entry.dtype().isFloatingPoint()) {
                checkFinite(entry, values, warnings);
            }
            tensors.put(entry.name(), new StoredTensor(entry.dtype(), entry.shape(), values));
        }
        if (!warnings.isEmpty()) {
            LOG.warn("{}: loaded {} tensors with non-finite values because NonFinitePolicy.ALLOW is set: {}{}",
                    file, warnings.size(), String.join("; ", warnings.subList(0, Math.min(warnings.size(),
                            MAX_LOGGED_TENSORS))), warnings.size() > MAX_LOGGED_TENSORS ? "; ..." : "");
        }
        return new LoadedTensors(tensors, header.metadata(), warnings);
    }

    private static long maxTensorBytes(SafeTensorsHeader header) {
        long max = 8;
        for (Entry e : header.entries()) {
            max = Math.max(max, e.end() - e.begin());
        }
        return max;
    }

    /** Converts {@code count} little-endian elements from {@code bytes} into {@code values[offset...]}. */
    private void decode(Entry entry, ByteBuffer bytes, double[] values, int offset, int count)
            throws ModelFileException {
        for (int i = offset; i < offset + count; i++) {
            values[i] = switch (entry.dtype()) {
                case F64 -> Double.longBitsToDouble(bytes.getLong());
                case F32 -> Float.intBitsToFloat(bytes.getInt());
                case F16 -> halfToDouble(bytes.getShort());
                case BF16 -> Float.intBitsToFloat((bytes.getShort() & 0xFFFF) << 16);
                case BOOL -> bool(entry, i, bytes.get());
                case U8 -> bytes.get() & 0xFF;
                case I8 -> bytes.get();
                case U16 -> bytes.getShort() & 0xFFFF;
                case I16 -> bytes.getShort();
                case U32 -> bytes.getInt() & 0xFFFF_FFFFL;
                case I32 -> bytes.getInt();
                case U64 -> exactInteger(entry, i, bytes.getLong(), true);
                case I64 -> exactInteger(entry, i, bytes.getLong(), false);
            };
        }
    }

    /** Converts IEEE 754 binary16 bits to the exactly equal double. */
    static double halfToDouble(short bits) {
        int sign = (bits >> 15) & 1;
        int exponent = (bits >> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        double magnitude;
        if (exponent == 0) {
            magnitude = Math.scalb((double) mantissa, -24);
        } else if (exponent == 0x1F) {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) (mantissa | 0x400), exponent - 25);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    private double bool(Entry entry, int index, byte b) throws ModelFileException {
        if (b != 0 && b != 1) {
            throw fail("tensor " + SafeTensorsHeader.quote(entry.name()) + ": BOOL element " + index + " is byte 0x"
                    + String.format("%02X", b & 0xFF) + "; BOOL elements must be 0 or 1");
        }
        return b;
    }

    private double exactInteger(Entry entry, int index, long value, boolean unsigned) throws ModelFileException {
        boolean exact = unsigned ? Long.compareUnsigned(value, MAX_EXACT_INTEGER) <= 0
                : value >= -MAX_EXACT_INTEGER && value <= MAX_EXACT_INTEGER;
        if (!exact) {
            String text = unsigned ? Long.toUnsignedString(value) : Long.toString(value);
            throw fail("tensor " + SafeTensorsHeader.quote(entry.name()) + ": " + entry.dtype() + " element " + index
                    + " is " + text + ", which has no exact double (magnitude above 2^53)");
        }
        return value;
    }

    private void checkFinite(Entry entry, double[] values, List<String> warnings) throws ModelFileException {
        int first = -1;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        String summary = "tensor " + SafeTensorsHeader.quote(entry.name()) + " has " + count
                + " non-finite values, the first " + values[first] + " at index " + first;
        if (options.nonFinite() == NonFinitePolicy.REJECT) {
            throw fail(summary + "; pass ReadOptions.allowNonFinite() to load it anyway");
        }
        warnings.add(summary);
    }

    private void readFully(FileChannel channel, ByteBuffer target, long position, String section) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw fail("file ended at byte " + at + " while reading " + section
                        + "; it was truncated while being read");
            }
            at += n;
        }
    }

    private ModelFileException fail(String problem) {
        return new ModelFileException(file, problem);
    }
}
