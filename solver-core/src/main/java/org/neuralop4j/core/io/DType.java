package org.neuralop4j.core.io;

/**
 * Element types of {@code .npy} arrays this project reads and writes, with their NumPy type codes.
 *
 * <p>Fixed-size types have {@link #fixedSize()} bytes per element. The string types are flexible: {@link #UNICODE}
 * ({@code 'U'}, NumPy {@code str_}) stores each element as {@code n} UTF-32 code units (4 bytes each) padded with
 * NUL; {@link #BYTES} ({@code 'S'}, NumPy {@code bytes_}) stores {@code n} bytes padded with NUL. Their element size
 * lives in {@link NpyArray#itemSize()}.
 */
public enum DType {
    /** IEEE binary64, NumPy {@code f8}. */
    FLOAT64('f', 8, "F64"),
    /** IEEE binary32, NumPy {@code f4}. */
    FLOAT32('f', 4, "F32"),
    /** IEEE binary16, NumPy {@code f2}. */
    FLOAT16('f', 2, "F16"),
    /** Signed 64-bit, NumPy {@code i8}. */
    INT64('i', 8, "I64"),
    /** Signed 32-bit, NumPy {@code i4}. */
    INT32('i', 4, "I32"),
    /** Signed 16-bit, NumPy {@code i2}. */
    INT16('i', 2, "I16"),
    /** Signed 8-bit, NumPy {@code i1}. */
    INT8('i', 1, "I8"),
    /** Unsigned 64-bit, NumPy {@code u8}. */
    UINT64('u', 8, "U64"),
    /** Unsigned 32-bit, NumPy {@code u4}. */
    UINT32('u', 4, "U32"),
    /** Unsigned 16-bit, NumPy {@code u2}. */
    UINT16('u', 2, "U16"),
    /** Unsigned 8-bit, NumPy {@code u1}. */
    UINT8('u', 1, "U8"),
    /** One byte, 0 or 1, NumPy {@code b1}. */
    BOOL('b', 1, "BOOL"),
    /** NumPy {@code '<U n'}: fixed-width UTF-32 strings. */
    UNICODE('U', 0, null),
    /** NumPy {@code '|S n'}: fixed-width byte strings. */
    BYTES('S', 0, null);

    private final char kind;
    private final int size;
    private final String safetensorsName;

    DType(char kind, int size, String safetensorsName) {
        this.kind = kind;
        this.size = size;
        this.safetensorsName = safetensorsName;
    }

    /** @return NumPy kind character: {@code f, i, u, b, U, S} */
    public char kind() { return kind; }

    /** @return bytes per element for numeric and bool types; 0 for the flexible string types */
    public int fixedSize() { return size; }

    /** @return true for floating-point and integer types (and bool, which converts to 0/1) */
    public boolean isNumeric() { return kind != 'U' && kind != 'S'; }

    /** @return true for the integer types and bool */
    public boolean isIntegral() { return kind == 'i' || kind == 'u' || kind == 'b'; }

    /** @return true for {@link #UNICODE} and {@link #BYTES} */
    public boolean isString() { return !isNumeric(); }

    /** @return the safetensors dtype name ({@code "F64"}, ...), or {@code null} for string types */
    public String safetensorsName() { return safetensorsName; }

    /**
     * The little-endian NumPy descriptor of this type, e.g. {@code "<f8"}, {@code "|u1"}, {@code "<U5"}.
     *
     * @param itemSize bytes per element (only used by the string types)
     */
    public String descr(int itemSize) {
        switch (this) {
            case UNICODE: return "<U" + (itemSize / 4);
            case BYTES: return "|S" + itemSize;
            default: return (size == 1 ? "|" : "<") + kind + size;
        }
    }

    /** The numeric type with this kind and size, or {@code null}. */
    static DType numeric(char kind, int size) {
        for (DType t : values()) if (t.kind == kind && t.size == size && t.isNumeric()) return t;
        return null;
    }

    /** The type with this safetensors name, or {@code null}. */
    static DType fromSafetensorsName(String name) {
        for (DType t : values()) if (name.equals(t.safetensorsName)) return t;
        return null;
    }
}
