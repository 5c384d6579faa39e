package dev.enn.io;

/**
 * Element types of safetensors files that enn reads, named as the format names them. All are
 * little-endian. Every type converts to {@code double} without rounding: 64-bit integers are
 * accepted only when their magnitude is at most 2^53. enn writes only {@link #F64} and
 * {@link #F32}.
 */
public enum DType {
    /** One byte, 0 (false) or 1 (true); read as 0.0 or 1.0. */
    BOOL(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Signed 8-bit integer. */
    I8(1),
    /** Unsigned 16-bit integer. */
    U16(2),
    /** Signed 16-bit integer. */
    I16(2),
    /** IEEE 754 binary16 (half precision). */
    F16(2),
    /** bfloat16: the upper 16 bits of an IEEE 754 binary32. */
    BF16(2),
    /** Unsigned 32-bit integer. */
    U32(4),
    /** Signed 32-bit integer. */
    I32(4),
    /** IEEE 754 binary32 (single precision). */
    F32(4),
    /** Unsigned 64-bit integer; values above 2^53 are rejected on read. */
    U64(8),
    /** Signed 64-bit integer; values of magnitude above 2^53 are rejected on read. */
    I64(8),
    /** IEEE 754 binary64 (double precision), the type of enn's tensors. */
    F64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Returns the size of one element in bytes. */
    public int byteSize() {
        return byteSize;
    }

    /** Returns whether the type is a floating-point type, the only kind that can hold NaN or ±∞. */
    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** Returns whether {@link SafeTensors} can write this type ({@link #F64} and {@link #F32} only). */
    public boolean isWritable() {
        return this == F64 || this == F32;
    }

    /**
     * Returns the type with this safetensors name, or {@code null} if enn does not read it.
     * Names are case-sensitive, as in the format.
     */
    static DType fromName(String name) {
        for (DType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
