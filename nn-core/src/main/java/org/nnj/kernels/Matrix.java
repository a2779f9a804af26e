package org.nnj.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;

/**
 * A dense row-major {@code rows x cols} matrix over the direct (off-heap) buffer of an ND4J
 * {@link INDArray}, float32 or float64.
 *
 * <p>Every tensor the library computes with is a {@code Matrix}: rows are examples, columns are
 * features. The {@link #array()} is an ordinary {@code INDArray} that shares memory with this view,
 * so what the kernels write is visible through ND4J and vice versa. Kernels read and write through
 * the cached NIO view ({@link #get(int)}, {@link #set(int, double)}), which costs a few nanoseconds
 * instead of the ~10 us dispatch of an ND4J op, and hand the same buffer to BLAS for large shapes.
 *
 * <p>Element {@code (r, c)} lives at flat index {@code r * cols + c}. Values are read as {@code double}
 * and written back rounded to the matrix's type, so float32 kernels compute each element in double
 * precision and store it in single.
 */
public final class Matrix {
    private final INDArray array;
    private final FloatBuffer f;
    private final DoubleBuffer d;
    private final int rows;
    private final int cols;

    private Matrix(INDArray array, FloatBuffer f, DoubleBuffer d, int rows, int cols) {
        this.array = array;
        this.f = f;
        this.d = d;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Allocates a new zero-filled matrix. Every INDArray the library allocates goes through here, so
     * {@link Allocations#count()} tells how many there have been.
     */
    public static Matrix allocate(DataType type, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("matrix sizes must be positive, got " + rows + " x " + cols);
        }
        Require.floatOrDouble(type, "type");
        Memory.requireAddressable(type, rows, cols);
        Allocations.record();
        return new OwnedArray(type, rows, cols).view();
    }

    /** A new matrix of the given type holding {@code rows} (rectangular, checked by the caller). */
    public static Matrix fromRows(double[][] rows, DataType type) {
        Matrix m = allocate(type, rows.length, rows[0].length);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                m.set(r, c, rows[r][c]);
            }
        }
        return m;
    }

    /** Allocates a matrix of the same type and shape as this one, holding a copy of its values. */
    public Matrix copy() {
        Matrix m = allocate(type(), rows, cols);
        m.copyFrom(this);
        return m;
    }

    /**
     * A view of {@code array} if it is a 2-D, C-ordered, contiguous float32 or float64 array (the
     * usual case: anything from {@code Nd4j.create}, {@code Nd4j.rand}, {@code dup()}), else a
     * C-ordered copy of it. Shape and type are checked by the caller; this only requires rank 2.
     *
     * @param name the argument's name, for the exception message
     */
    public static Matrix of(INDArray array, String name) {
        if (array instanceof OwnedArray owned) {
            return owned.view();
        }
        Object[] recent = recentForeign; // one volatile read; the array is never changed once published
        for (int k = 0; k < recent.length; k += 2) {
            if (recent[k] == array && array != null) {
                return (Matrix) recent[k + 1];
            }
        }
        Matrix m = wrapForeign(array, name);
        if (m.array == array) { // a view, not a copy: remember it in place of the oldest
            Object[] next = new Object[recent.length];
            System.arraycopy(recent, 0, next, 2, recent.length - 2);
            next[0] = array;
            next[1] = m;
            recentForeign = next;
        }
        return m;
    }

    /**
     * Views of the last {@value #RECENT} arrays from outside the library that were wrapped (a training
     * loop passes the same x and y again and again, and each layer and loss asks for their view), so
     * that they are not wrapped anew: wrapping builds an NIO view through JNI. Shared by all threads
     * (a view is immutable and its absolute accesses are thread-safe); a new list is published on
     * each miss, so readers never see a half-written one.
     */
    private static final int RECENT = 4;

    private static volatile Object[] recentForeign = new Object[2 * RECENT];

    private static Matrix wrapForeign(INDArray array, String name) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (array.rank() != 2) {
            throw new IllegalArgumentException(
                    name + " must be a 2-D array (examples as rows, features as columns), got shape "
                            + java.util.Arrays.toString(array.shape()));
        }
        Require.floatOrDouble(array.dataType(), name);
        long r = array.size(0);
        long c = array.size(1);
        if (r > Integer.MAX_VALUE || c > Integer.MAX_VALUE || r * c > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is too large: " + r + " x " + c);
        }
        if (r == 0 || c == 0) {
            throw new IllegalArgumentException(name + " is empty: shape [" + r + ", " + c + "]");
        }
        boolean contiguous = array.ordering() == 'c' && array.stride(1) == 1 && (r == 1 || array.stride(0) == c);
        INDArray source = contiguous ? array : array.dup('c');
        return wrapContiguous(source, (int) r, (int) c);
    }

    static Matrix wrapContiguous(INDArray a, int rows, int cols) {
        long offset = a.offset();
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer view = a.data().asNioDouble();
            if (offset != 0) {
                view = view.position((int) offset).slice();
            }
            return new Matrix(a, null, view, rows, cols);
        }
        FloatBuffer view = a.data().asNioFloat();
        if (offset != 0) {
            view = view.position((int) offset).slice();
        }
        return new Matrix(a, view, null, rows, cols);
    }

    /**
     * Row {@code r} of this matrix seen as a {@code viewRows x viewCols} matrix over the same memory
     * ({@code viewRows * viewCols} must equal {@link #cols()}): one example of an image batch seen as
     * channels x positions, for the per-example products of a convolution. The views are made once per
     * shape and reused. A view has no {@link #array()} (it is kernel-internal).
     */
    public Matrix rowView(int r, int viewRows, int viewCols) {
        Matrix[] views = rowViews;
        if (views == null || views[0].rows != viewRows || views[0].cols != viewCols) {
            if ((long) viewRows * viewCols != cols) {
                throw new IllegalArgumentException(
                        "a row of " + describe() + " cannot be seen as " + viewRows + " x " + viewCols);
            }
            views = new Matrix[rows];
            for (int i = 0; i < rows; i++) {
                views[i] = f != null
                        ? new Matrix(null, f.slice(i * cols, cols), null, viewRows, viewCols)
                        : new Matrix(null, null, d.slice(i * cols, cols), viewRows, viewCols);
            }
            rowViews = views; // views are immutable, so a racing thread at worst builds its own
        }
        return views[r];
    }

    private volatile Matrix[] rowViews;

    /**
     * A {@code viewRows x viewCols} matrix over the first {@code viewRows * viewCols} elements of this
     * one (kernel-internal, no {@link #array()}): a smaller batch in a buffer sized for the largest.
     */
    public Matrix prefix(int viewRows, int viewCols) {
        return view(0, viewRows, viewCols);
    }

    /**
     * A {@code viewRows x viewCols} matrix over the elements from flat index {@code offset} on
     * (kernel-internal). The view does not keep this matrix's memory alive: hold on to this matrix
     * for as long as the view is used.
     */
    public Matrix view(int offset, int viewRows, int viewCols) {
        if (offset < 0 || (long) offset + (long) viewRows * viewCols > size()) {
            throw new IllegalArgumentException(
                    describe() + " has no room for " + viewRows + " x " + viewCols + " at " + offset);
        }
        return f != null
                ? new Matrix(null, f.slice(offset, viewRows * viewCols), null, viewRows, viewCols)
                : new Matrix(null, null, d.slice(offset, viewRows * viewCols), viewRows, viewCols);
    }

    /** Copies {@code n} elements of {@code src} from flat index {@code srcFrom} to {@code dstFrom} here. */
    public void copyRange(Matrix src, int srcFrom, int dstFrom, int n) {
        if (f != null) {
            f.put(dstFrom, src.f, srcFrom, n);
        } else {
            d.put(dstFrom, src.d, srcFrom, n);
        }
    }

    /** The ND4J array sharing this matrix's memory. */
    public INDArray array() {
        return array;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** rows x cols (at most {@code Integer.MAX_VALUE}, checked when the matrix is made). */
    public int size() {
        return rows * cols;
    }

    /** Copies every element into {@code dst[0 .. size)} (one bulk copy out of the direct buffer). */
    public void load(float[] dst) {
        f.get(0, dst, 0, size());
    }

    /** Copies {@code src[0 .. size)} into this matrix (one bulk copy into the direct buffer). */
    public void store(float[] src) {
        f.put(0, src, 0, size());
    }

    /** Copies elements {@code [from, from + n)} of a float32 matrix into {@code dst[off ..]}. */
    public void load(int from, float[] dst, int off, int n) {
        f.get(from, dst, off, n);
    }

    /** Copies {@code src[off .. off + n)} into elements {@code [from, from + n)} of a float32 matrix. */
    public void store(int from, float[] src, int off, int n) {
        f.put(from, src, off, n);
    }

    /** Copies elements {@code [from, from + n)} of a float64 matrix into {@code dst[off ..]}. */
    public void load(int from, double[] dst, int off, int n) {
        d.get(from, dst, off, n);
    }

    /** Copies {@code src[off .. off + n)} into elements {@code [from, from + n)} of a float64 matrix. */
    public void store(int from, double[] src, int off, int n) {
        d.put(from, src, off, n);
    }

    /** Copies elements {@code [from, from + n)} into {@code dst[0 .. n)} as doubles, whatever the type. */
    void loadDoubles(int from, double[] dst, int n) {
        if (d != null) {
            d.get(from, dst, 0, n);
            return;
        }
        float[] tmp = Scratch.floats(3, n);
        f.get(from, tmp, 0, n);
        for (int i = 0; i < n; i++) {
            dst[i] = tmp[i];
        }
    }

    /** Stores {@code src[0 .. n)} into elements {@code [from, from + n)}, rounded to float32 for float matrices. */
    void storeDoubles(int from, double[] src, int n) {
        if (d != null) {
            d.put(from, src, 0, n);
            return;
        }
        float[] tmp = Scratch.floats(3, n);
        for (int i = 0; i < n; i++) {
            tmp[i] = (float) src[i];
        }
        f.put(from, tmp, 0, n);
    }

    /** Row-major copy of a float32 matrix into this thread's scratch array {@code slot} (0 to 3). */
    public float[] scratch(int slot) {
        float[] v = Scratch.floats(slot, size());
        load(v);
        return v;
    }

    public DataType type() {
        return d != null ? DataType.DOUBLE : DataType.FLOAT;
    }

    public boolean isDouble() {
        return d != null;
    }

    /** True if both have the same rows and columns. */
    public boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    /** Element at flat row-major index {@code i}. */
    public double get(int i) {
        return f != null ? f.get(i) : d.get(i);
    }

    /** Element at row {@code r}, column {@code c}. */
    public double get(int r, int c) {
        return get(r * cols + c);
    }

    /** Sets the element at flat row-major index {@code i} (rounded to float32 for float matrices). */
    public void set(int i, double v) {
        if (f != null) {
            f.put(i, (float) v);
        } else {
            d.put(i, v);
        }
    }

    public void set(int r, int c, double v) {
        set(r * cols + c, v);
    }

    /** Adds {@code v} to the element at flat index {@code i}. */
    public void add(int i, double v) {
        set(i, get(i) + v);
    }

    /** Sets every element to {@code v}. */
    public void fill(double v) {
        int n = size();
        for (int i = 0; i < n; i++) {
            set(i, v);
        }
    }

    /** Copies {@code src} (same shape and type) into this matrix. */
    public void copyFrom(Matrix src) {
        if (!sameShape(src) || src.type() != type()) {
            throw new IllegalArgumentException("cannot copy " + src.describe() + " into " + describe());
        }
        if (f != null) {
            f.put(0, src.f, 0, size());
        } else {
            d.put(0, src.d, 0, size());
        }
    }

    /** Copies row {@code srcRow} of {@code src} (same columns and type) into row {@code dstRow}. */
    public void copyRow(Matrix src, int srcRow, int dstRow) {
        if (f != null) {
            f.put(dstRow * cols, src.f, srcRow * src.cols, cols);
        } else {
            d.put(dstRow * cols, src.d, srcRow * src.cols, cols);
        }
    }

    /** The float32 view for BLAS, or null for a float64 matrix. */
    FloatBuffer floats() {
        return f;
    }

    /** The float64 view for BLAS, or null for a float32 matrix. */
    DoubleBuffer doubles() {
        return d;
    }

    /** Shape and type, as in {@code [128, 784] FLOAT}. */
    public String describe() {
        return "[" + rows + ", " + cols + "] " + type();
    }

    @Override
    public String toString() {
        return "Matrix" + describe();
    }
}
