package dev.enn.io;

import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checked plan for one safetensors file: the padded header bytes and the tensors in data order.
 * All argument checks happen in {@link #plan}, before any file is created, so a bad argument
 * never leaves a file behind.
 */
final class SafeTensorsWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SafeTensors.class);
    private static final int CHUNK_BYTES = 1 << 16;

    /** Maximum number of tensors named in the one warning logged per file. */
    private static final int MAX_LOGGED_TENSORS = 10;

    /** Orders names by Unicode code point, which is also the byte order of their UTF-8 form. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> Arrays.compare(a.codePoints().toArray(),
            b.codePoints().toArray());

    private final byte[] header;
    private final List<Tensor> tensors;
    private final DType dtype;

    private SafeTensorsWriter(byte[] header, List<Tensor> tensors, DType dtype) {
        this.header = header;
        this.tensors = tensors;
        this.dtype = dtype;
    }

    /**
     * Checks the arguments and builds the header. Tensors and metadata keys are sorted by code
     * point, so the file does not depend on the maps' iteration order.
     */
    static SafeTensorsWriter plan(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype,
            NonFinitePolicy nonFinite) {
        checkArguments(tensors, metadata, dtype, nonFinite);
        List<String> names = new ArrayList<>(tensors.keySet());
        names.sort(CODE_POINT_ORDER);

        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            List<String> keys = new ArrayList<>(metadata.keySet());
            keys.sort(CODE_POINT_ORDER);
            Map<String, Object> sorted = new LinkedHashMap<>();
            for (String key : keys) {
                sorted.put(key, metadata.get(key));
            }
            root.put(SafeTensorsHeader.METADATA_KEY, sorted);
        }
        List<Tensor> ordered = new ArrayList<>();
        List<String> nonFiniteTensors = new ArrayList<>();
        long offset = 0;
        for (String name : names) {
            Tensor tensor = tensors.get(name);
            checkValues(name, tensor, dtype, nonFinite, nonFiniteTensors);
            long bytes = (long) tensor.size() * dtype.byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", dtype.name());
            List<Long> shape = new ArrayList<>();
            for (int d : tensor.shape()) {
                shape.add((long) d);
            }
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + bytes));
            root.put(name, entry);
            ordered.add(tensor);
            offset += bytes;
        }
        if (!nonFiniteTensors.isEmpty()) {
            LOG.warn("Writing {} tensors with non-finite values because NonFinitePolicy.ALLOW is set: {}{}",
                    nonFiniteTensors.size(), String.join(", ", nonFiniteTensors.subList(0,
                            Math.min(nonFiniteTensors.size(), MAX_LOGGED_TENSORS))),
                    nonFiniteTensors.size() > MAX_LOGGED_TENSORS ? ", ..." : "");
        }
        byte[] header = padHeader(Json.write(root));
        if (header.length > SafeTensors.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("SafeTensors.write: the header would be " + header.length
                    + " bytes, above the limit of " + SafeTensors.MAX_HEADER_BYTES + " bytes that readers accept; "
                    + "use fewer tensors or less metadata per file");
        }
        return new SafeTensorsWriter(header, ordered, dtype);
    }

    private static void checkArguments(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype,
            NonFinitePolicy nonFinite) {
        if (tensors == null || metadata == null || dtype == null || nonFinite == null) {
            throw new IllegalArgumentException("SafeTensors.write: tensors, metadata, dtype and nonFinite must not "
                    + "be null; pass Map.of() for no tensors or no metadata");
        }
        if (!dtype.isWritable()) {
            throw new IllegalArgumentException("SafeTensors.write: dtype " + dtype + " cannot be written; "
                    + "enn writes F64 (exact) or F32 (rounded to single precision)");
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("SafeTensors.write: tensor name and tensor must not be null, got "
                        + e.getKey() + " -> " + e.getValue());
            }
            if (e.getKey().equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("SafeTensors.write: the tensor name "
                        + SafeTensorsHeader.METADATA_KEY + " is reserved for the metadata object; rename the tensor");
            }
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("SafeTensors.write: metadata keys and values must not be null, got "
                        + e.getKey() + " -> " + e.getValue());
            }
        }
    }

    /**
     * Checks that each value survives the chosen dtype: finite unless {@code nonFinite} is ALLOW,
     * and inside the F32 range when writing F32, because a finite value that rounds to ±∞ is
     * silently corrupted.
     */
    private static void checkValues(String name, Tensor tensor, DType dtype, NonFinitePolicy nonFinite,
            List<String> nonFiniteTensors) {
        double[] values = tensor.dataView();
        boolean seenNonFinite = false;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                if (nonFinite == NonFinitePolicy.REJECT) {
                    throw new IllegalArgumentException("SafeTensors.write: tensor " + SafeTensorsHeader.quote(name)
                            + " has the non-finite value " + v + " at index " + i + "; fix the model, or pass "
                            + "NonFinitePolicy.ALLOW to write it anyway");
                }
                if (!seenNonFinite) {
                    nonFiniteTensors.add(SafeTensorsHeader.quote(name));
                    seenNonFinite = true;
                }
            } else if (dtype == DType.F32 && Float.isInfinite((float) v)) {
                throw new IllegalArgumentException("SafeTensors.write: tensor " + SafeTensorsHeader.quote(name)
                        + " has the value " + v + " at index " + i + ", outside the F32 range (magnitude up to "
                        + Float.MAX_VALUE + "); write it as F64");
            }
        }
    }

    /** Encodes the header as UTF-8 and pads it with spaces to a multiple of 8 bytes, so the data is aligned. */
    private static byte[] padHeader(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    /** Writes the length field, the header and the data; does not close {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(header.length);
        out.write(buffer.array(), 0, buffer.position());
        out.write(header);
        buffer.clear();
        for (Tensor tensor : tensors) {
            for (double v : tensor.dataView()) {
                if (buffer.remaining() < 8) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                if (dtype == DType.F64) {
                    buffer.putLong(Double.doubleToRawLongBits(v));
                } else {
                    buffer.putInt(Float.floatToRawIntBits((float) v));
                }
            }
        }
        out.write(buffer.array(), 0, buffer.position());
    }
}
