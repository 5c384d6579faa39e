package dev.enn.io;

import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes the safetensors format, the tensor file format of Hugging Face's
 * {@code safetensors} package, which PyTorch users load with {@code safetensors.torch.load_file}.
 *
 * <p>Layout: an 8-byte unsigned little-endian header length N, then N bytes of UTF-8 JSON, then
 * the data buffer. The header maps each tensor name to {@code {"dtype", "shape", "data_offsets":
 * [begin, end]}}, with byte offsets relative to the start of the data buffer, plus an optional
 * {@code "__metadata__"} object of string values. Data is little-endian and row-major.
 *
 * <p><b>Writing</b> produces F64 (exact) or F32 (rounded) files, chosen per call and never
 * narrowed silently. Tensors are laid out sorted by name in Unicode code point order, the header
 * is compact JSON ({@code __metadata__} first, keys sorted likewise, omitted when empty) padded
 * with spaces so that N is a multiple of 8, and the file is replaced atomically through
 * {@link AtomicFiles}. The same tensors and metadata always produce the same bytes.
 *
 * <p><b>Reading</b> accepts every {@link DType} and converts values to {@code double} exactly. It
 * rejects each broken or hostile file with a {@link ModelFileException} that names the file and
 * the problem, and allocates nothing before the header length has been checked against
 * {@link #MAX_HEADER_BYTES} and the file size, and every tensor's byte range against the data
 * buffer. The format's rules that it enforces, beyond valid JSON: the header is an object
 * starting with '{'; names are unique; entries have exactly dtype, shape and data_offsets; the
 * byte count of shape and dtype equals the range; the ranges tile the data buffer with no
 * overlap, gap or trailing byte. See {@code docs/model-files.md} for every rejection.
 */
public final class SafeTensors {
    /** Largest header accepted, in bytes (100 MB, the limit of the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafeTensors() {
    }

    /**
     * Reads a safetensors file with the default options (non-finite values rejected).
     *
     * @see #read(Path, ReadOptions)
     */
    public static LoadedTensors read(Path file) throws IOException {
        return read(file, ReadOptions.defaults());
    }

    /**
     * Reads a safetensors file. Tensors come back in the order of their data in the file, with
     * values converted to {@code double}. Only {@code file} is opened, read-only.
     *
     * @throws ModelFileException if the file is empty, truncated, not a valid safetensors file,
     *     uses a dtype enn cannot read, has an integer without an exact double, or has a
     *     non-finite value under {@link NonFinitePolicy#REJECT}
     * @throws IOException if the file cannot be opened or read (not found, permission denied)
     */
    public static LoadedTensors read(Path file, ReadOptions options) throws IOException {
        if (file == null || options == null) {
            throw new IllegalArgumentException("SafeTensors.read: file and options must not be null");
        }
        return SafeTensorsReader.read(file, options);
    }

    /**
     * Writes tensors and metadata to a file atomically, rejecting non-finite values.
     *
     * @param file the file to create or replace
     * @param tensors tensors by name; any map, since the file order is sorted by name
     * @param metadata string metadata stored under {@code __metadata__}; may be empty
     * @param dtype {@link DType#F64} to store values exactly or {@link DType#F32} to round them
     * @throws IllegalArgumentException if an argument is null, {@code dtype} is not writable, a
     *     tensor is named {@code __metadata__}, a value is NaN or ±∞, or an F32 value would overflow
     * @throws IOException if writing fails; the previous file at {@code file}, if any, is then
     *     unchanged
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        write(file, tensors, metadata, dtype, NonFinitePolicy.REJECT);
    }

    /**
     * Writes tensors and metadata to a file atomically, with a chosen policy for NaN and ±∞.
     * Under {@link NonFinitePolicy#ALLOW} the values are written and one warning is logged.
     *
     * @see #write(Path, Map, Map, DType)
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype,
            NonFinitePolicy nonFinite) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("SafeTensors.write: file must not be null");
        }
        SafeTensorsWriter plan = SafeTensorsWriter.plan(tensors, metadata, dtype, nonFinite);
        AtomicFiles.write(file, plan::writeTo);
    }

    /**
     * Writes tensors and metadata in safetensors format to a stream, which is not closed. Not
     * atomic: use {@link #write(Path, Map, Map, DType, NonFinitePolicy)} for files.
     *
     * @throws IllegalArgumentException as {@link #write(Path, Map, Map, DType, NonFinitePolicy)}
     * @throws IOException if the stream fails
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata,
            DType dtype, NonFinitePolicy nonFinite) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("SafeTensors.write: out must not be null");
        }
        SafeTensorsWriter.plan(tensors, metadata, dtype, nonFinite).writeTo(out);
    }
}
