package org.neuralop4j.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.neuralop4j.core.Tensor;

/**
 * An n-dimensional array as stored in a NumPy {@code .npy} file: element type, shape and the elements.
 *
 * <p>Whatever the file's byte order and memory order, the elements are held here little-endian in C (row-major)
 * order, so {@link Npy#write(java.nio.file.Path, NpyArray)} always produces the C-order little-endian layout NumPy
 * itself writes. Instances are immutable: factories copy their input and accessors return fresh arrays.
 * A rank-0 array (shape {@code []}) holds one element.
 *
 * <p>Size limit: the element bytes live in one Java array, so an array may hold at most about 2<sup>31</sup> bytes.
 */
public final class NpyArray {
    private final DType dtype;
    private final int itemSize;
    private final int[] shape;
    private final byte[] data;

    /** Package-private: {@code data} is taken over, not copied, and must be little-endian C order. */
    NpyArray(DType dtype, int itemSize, int[] shape, byte[] data) {
        this.dtype = dtype;
        this.itemSize = itemSize;
        this.shape = shape;
        this.data = data;
    }

    // ------------------------------------------------------------------ factories

    /** A float64 array with the tensor's shape and values. */
    public static NpyArray of(Tensor t) {
        return ofDoubles(t.data(), t.shape());
    }

    /** A float64 array; {@code data} is row-major and must have exactly {@code prod(shape)} elements. */
    public static NpyArray ofDoubles(double[] data, int... shape) {
        int[] s = checkedShape(data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(data);
        return new NpyArray(DType.FLOAT64, 8, s, b.array());
    }

    /** A float32 array; {@code data} is row-major and must have exactly {@code prod(shape)} elements. */
    public static NpyArray ofFloats(float[] data, int... shape) {
        int[] s = checkedShape(data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return new NpyArray(DType.FLOAT32, 4, s, b.array());
    }

    /** An int32 array; {@code data} is row-major and must have exactly {@code prod(shape)} elements. */
    public static NpyArray ofInts(int[] data, int... shape) {
        int[] s = checkedShape(data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(data);
        return new NpyArray(DType.INT32, 4, s, b.array());
    }

    /** An int64 array; {@code data} is row-major and must have exactly {@code prod(shape)} elements. */
    public static NpyArray ofLongs(long[] data, int... shape) {
        int[] s = checkedShape(data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        return new NpyArray(DType.INT64, 8, s, b.array());
    }

    /** A uint8 array: each byte is read as an unsigned value 0..255. */
    public static NpyArray ofBytes(byte[] data, int... shape) {
        int[] s = checkedShape(data.length, shape);
        return new NpyArray(DType.UINT8, 1, s, data.clone());
    }

    /** A bool array ({@code '|b1'}, one byte 0 or 1 per element). */
    public static NpyArray ofBools(boolean[] data, int... shape) {
        int[] s = checkedShape(data.length, shape);
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return new NpyArray(DType.BOOL, 1, s, b);
    }

    /**
     * A rank-0 unicode string array ({@code '<U n'}, n = number of code points, at least 1 as in NumPy). NumPy loads
     * it with {@code allow_pickle=False}; {@code str(arr)} or {@code arr.item()} gives the string back. Used for
     * dataset metadata stored as JSON text. Trailing NUL characters cannot be represented (NumPy strips them).
     */
    public static NpyArray ofString(String value) {
        if (value == null) throw new IllegalArgumentException("value must not be null");
        int[] codePoints = value.codePoints().toArray();
        int n = Math.max(1, codePoints.length);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int cp : codePoints) b.putInt(cp);
        return new NpyArray(DType.UNICODE, 4 * n, new int[0], b.array());
    }

    private static int[] checkedShape(int length, int... shape) {
        if (shape == null) throw new IllegalArgumentException("shape must not be null");
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        if (n != length)
            throw new IllegalArgumentException("data has " + length + " elements but shape " + Arrays.toString(shape) + " needs " + n);
        return shape.clone();
    }

    // ------------------------------------------------------------------ description

    /** @return the element type */
    public DType dtype() { return dtype; }

    /** @return bytes per element (for strings: 4 × characters for UNICODE, characters for BYTES) */
    public int itemSize() { return itemSize; }

    /** @return a copy of the shape; {@code []} for a rank-0 array */
    public int[] shape() { return shape.clone(); }

    /** @return number of axes */
    public int rank() { return shape.length; }

    /** @return number of elements (1 for rank 0) */
    public int size() { return itemSize == 0 ? elementCount(shape) : data.length / itemSize; }

    /** @return the NumPy descriptor this array is written with, e.g. {@code "<f8"} */
    public String descr() { return dtype.descr(itemSize); }

    /** @return a copy of the raw element bytes, little-endian, C order */
    public byte[] rawBytes() { return data.clone(); }

    /** Direct access for the writers in this package. */
    byte[] bytes() { return data; }

    /** Product of the dimensions, saturating at {@link Long#MAX_VALUE} instead of overflowing (0 if any is 0). */
    static long saturatingElementCount(int[] shape) {
        long n = 1;
        boolean huge = false;
        for (int d : shape) {
            if (d == 0) return 0;
            if (huge || n > Long.MAX_VALUE / d) huge = true;
            else n *= d;
        }
        return huge ? Long.MAX_VALUE : n;
    }

    static int elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return (int) n;
    }

    // ------------------------------------------------------------------ conversions

    /**
     * The elements as float64, row-major. Integers convert exactly up to 2<sup>53</sup>; bool gives 0 or 1;
     * float16 and float32 widen exactly.
     *
     * @throws IllegalStateException for string arrays
     */
    public double[] asDoubles() {
        requireNumeric("asDoubles");
        int n = size();
        double[] out = new double[n];
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT64: b.asDoubleBuffer().get(out); break;
            case FLOAT32: for (int i = 0; i < n; i++) out[i] = b.getFloat(4 * i); break;
            case FLOAT16: for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(2 * i)); break;
            case INT64: for (int i = 0; i < n; i++) out[i] = b.getLong(8 * i); break;
            case INT32: for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); break;
            case INT16: for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i); break;
            case INT8: for (int i = 0; i < n; i++) out[i] = data[i]; break;
            case UINT64:
                for (int i = 0; i < n; i++) {
                    long v = b.getLong(8 * i);
                    // unsigned: add 2^64 when the sign bit is set
                    out[i] = v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
                }
                break;
            case UINT32: for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i) & 0xFFFFFFFFL; break;
            case UINT16: for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i) & 0xFFFF; break;
            case UINT8: case BOOL: for (int i = 0; i < n; i++) out[i] = data[i] & 0xFF; break;
            default: throw new IllegalStateException("unreachable: " + dtype);
        }
        return out;
    }

    /**
     * The elements as integers, row-major (integer and bool types only: a float array is never silently truncated).
     *
     * @throws IllegalStateException for float and string arrays, or a uint64 value above {@link Long#MAX_VALUE}
     */
    public long[] asLongs() {
        if (!dtype.isIntegral())
            throw new IllegalStateException("asLongs needs an integer or bool array, this one is " + descr());
        int n = size();
        long[] out = new long[n];
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case INT64: b.asLongBuffer().get(out); break;
            case UINT64:
                b.asLongBuffer().get(out);
                for (int i = 0; i < n; i++)
                    if (out[i] < 0) throw new IllegalStateException("uint64 element " + i + " exceeds Long.MAX_VALUE");
                break;
            case INT32: for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); break;
            case UINT32: for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i) & 0xFFFFFFFFL; break;
            case INT16: for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i); break;
            case UINT16: for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i) & 0xFFFF; break;
            case INT8: for (int i = 0; i < n; i++) out[i] = data[i]; break;
            case UINT8: case BOOL: for (int i = 0; i < n; i++) out[i] = data[i] & 0xFF; break;
            default: throw new IllegalStateException("unreachable: " + dtype);
        }
        return out;
    }

    /**
     * The elements as {@code int}, row-major (integer and bool types only).
     *
     * @throws IllegalStateException for non-integer arrays or a value outside the int range
     */
    public int[] asInts() {
        long[] l = asLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != (int) l[i]) throw new IllegalStateException("element " + i + " = " + l[i] + " does not fit in an int");
            out[i] = (int) l[i];
        }
        return out;
    }

    /** The array as a float64 {@link Tensor} of the same shape (see {@link #asDoubles()} for the conversion). */
    public Tensor toTensor() {
        return Tensor.wrap(asDoubles(), shape.clone());
    }

    /**
     * The single string of a rank-0 (or one-element) string array, trailing NULs removed as NumPy does.
     * UNICODE decodes UTF-32; BYTES decodes UTF-8.
     *
     * @throws IllegalStateException for numeric arrays or arrays with other than one element
     */
    public String asString() {
        String[] all = asStrings();
        if (all.length != 1)
            throw new IllegalStateException("asString needs exactly one element, this array has shape " + Arrays.toString(shape));
        return all[0];
    }

    /**
     * All elements of a string array, row-major, trailing NULs removed.
     *
     * @throws IllegalStateException for numeric arrays
     */
    public String[] asStrings() {
        if (!dtype.isString()) throw new IllegalStateException("asStrings needs a string array, this one is " + descr());
        int n = size();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            int start = i * itemSize;
            if (dtype == DType.UNICODE) {
                ByteBuffer b = ByteBuffer.wrap(data, start, itemSize).order(ByteOrder.LITTLE_ENDIAN);
                int chars = itemSize / 4;
                while (chars > 0 && b.getInt(start + 4 * (chars - 1)) == 0) chars--;
                StringBuilder sb = new StringBuilder(chars);
                for (int c = 0; c < chars; c++) {
                    int cp = b.getInt(start + 4 * c);
                    if (!Character.isValidCodePoint(cp))
                        throw new IllegalStateException("element " + i + " holds an invalid code point " + Integer.toHexString(cp));
                    sb.appendCodePoint(cp);
                }
                out[i] = sb.toString();
            } else {
                int len = itemSize;
                while (len > 0 && data[start + len - 1] == 0) len--;
                out[i] = new String(data, start, len, StandardCharsets.UTF_8);
            }
        }
        return out;
    }

    private void requireNumeric(String what) {
        if (!dtype.isNumeric()) throw new IllegalStateException(what + " needs a numeric array, this one is " + descr());
    }

    /** IEEE 754 binary16 to float, exact (subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** bfloat16 (upper half of a float32) to float, exact. */
    static float bfloat16ToFloat(short h) {
        return Float.intBitsToFloat((h & 0xFFFF) << 16);
    }

    @Override
    public String toString() {
        return "NpyArray[" + descr() + ", shape=" + Arrays.toString(shape) + "]";
    }
}
