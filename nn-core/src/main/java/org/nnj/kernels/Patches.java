package org.nnj.kernels;

import java.util.Arrays;

/**
 * im2col and col2im for one convolution geometry, over a run of examples at once. Row
 * {@code i = (c·k + ky)·k + kx} of one example's patch matrix holds, at position {@code p = oy·Wo + ox},
 * the input value {@code x[c, oy·s + ky - pt, ox·s + kx - pl]} (0 outside the image); for {@code n}
 * examples the patch matrices sit side by side, {@code (C·k·k) x (n·P)}. {@link #gather} builds that
 * matrix and {@link #scatterAdd} applies its transpose (each entry's gradient goes back to the input
 * it was read from). For one output row {@code oy} the entries form a run over {@code ox}, which at
 * stride 1 is a contiguous piece of one input row, copied with {@code System.arraycopy}; the loops
 * run over heap copies of the rows (one bulk copy in and out of the direct buffers).
 */
final class Patches {
    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int padTop;
    private final int padLeft;
    private final int outHeight;
    private final int outWidth;
    private final int rowSize;
    private final int rows;
    private final int positions;

    Patches(
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padTop,
            int padLeft,
            int outHeight,
            int outWidth) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.rowSize = channels * height * width;
        this.rows = channels * kernel * kernel;
        this.positions = outHeight * outWidth;
    }

    /** The input position entry (i, p) of one example's patch matrix reads, or -1 for padding. */
    int source(int i, int p) {
        int c = i / (kernel * kernel);
        int ky = i / kernel % kernel;
        int kx = i % kernel;
        int iy = p / outWidth * stride + ky - padTop;
        int ix = p % outWidth * stride + kx - padLeft;
        return iy >= 0 && iy < height && ix >= 0 && ix < width ? (c * height + iy) * width + ix : -1;
    }

    /** The first output column whose input column {@code ox·s + kx - pl} is inside the image. */
    private int firstInside(int kx) {
        return Math.max(0, -Math.floorDiv(kx - padLeft, stride));
    }

    /** One past the last output column whose input column is inside the image (at least firstInside). */
    private int endInside(int kx) {
        int end = Math.min(outWidth, Math.floorDiv(width - 1 - kx + padLeft, stride) + 1);
        return Math.max(end, firstInside(kx));
    }

    /** The patch matrices of rows {@code first .. first + count} of x, side by side, into dst. */
    void gather(Matrix x, int first, int count, Matrix dst) {
        int n = count * rowSize;
        int total = rows * count * positions;
        if (x.isDouble()) {
            double[] in = Scratch.doubles(0, n);
            double[] out = Scratch.doubles(1, total);
            x.load(first * rowSize, in, 0, n);
            gather(in, out, count);
            dst.store(0, out, 0, total);
        } else {
            float[] in = Scratch.floats(0, n);
            float[] out = Scratch.floats(1, total);
            x.load(first * rowSize, in, 0, n);
            gather(in, out, count);
            dst.store(0, out, 0, total);
        }
    }

    /** The transpose of {@link #gather}: rows {@code first .. first + count} of dx from the patch gradients. */
    void scatterAdd(Matrix src, Matrix dx, int first, int count) {
        int n = count * rowSize;
        int total = rows * count * positions;
        if (src.isDouble()) {
            double[] in = Scratch.doubles(1, total);
            double[] out = Scratch.doubles(0, n);
            src.load(0, in, 0, total);
            Arrays.fill(out, 0, n, 0);
            scatterAdd(in, out, count);
            dx.store(first * rowSize, out, 0, n);
        } else {
            float[] in = Scratch.floats(1, total);
            float[] out = Scratch.floats(0, n);
            src.load(0, in, 0, total);
            Arrays.fill(out, 0, n, 0);
            scatterAdd(in, out, count);
            dx.store(first * rowSize, out, 0, n);
        }
    }

    private void gather(float[] in, float[] out, int count) {
        for (int i = 0; i < rows; i++) {
            int c = i / (kernel * kernel);
            int ky = i / kernel % kernel;
            int kx = i % kernel;
            int lo = firstInside(kx);
            int hi = endInside(kx);
            for (int j = 0; j < count; j++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int o = (i * count + j) * positions + oy * outWidth;
                    int iy = oy * stride + ky - padTop;
                    if (iy < 0 || iy >= height) {
                        for (int ox = 0; ox < outWidth; ox++) {
                            out[o + ox] = 0;
                        }
                        continue;
                    }
                    int src = j * rowSize + (c * height + iy) * width + kx - padLeft;
                    for (int ox = 0; ox < lo; ox++) { // the few columns left of the image
                        out[o + ox] = 0;
                    }
                    for (int ox = hi; ox < outWidth; ox++) { // and right of it
                        out[o + ox] = 0;
                    }
                    if (stride == 1) {
                        System.arraycopy(in, src + lo, out, o + lo, hi - lo);
                    } else {
                        for (int ox = lo; ox < hi; ox++) {
                            out[o + ox] = in[src + ox * stride];
                        }
                    }
                }
            }
        }
    }

    private void gather(double[] in, double[] out, int count) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < count; j++) {
                for (int p = 0; p < positions; p++) {
                    int s = source(i, p);
                    out[(i * count + j) * positions + p] = s < 0 ? 0 : in[j * rowSize + s];
                }
            }
        }
    }

    private void scatterAdd(float[] in, float[] out, int count) {
        for (int i = 0; i < rows; i++) {
            int c = i / (kernel * kernel);
            int ky = i / kernel % kernel;
            int kx = i % kernel;
            int lo = firstInside(kx);
            int hi = endInside(kx);
            for (int j = 0; j < count; j++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int iy = oy * stride + ky - padTop;
                    if (iy < 0 || iy >= height) {
                        continue;
                    }
                    int o = (i * count + j) * positions + oy * outWidth;
                    int dst = j * rowSize + (c * height + iy) * width + kx - padLeft;
                    if (stride == 1) { // contiguous on both sides: a loop the JIT vectorizes
                        for (int ox = lo; ox < hi; ox++) {
                            out[dst + ox] += in[o + ox];
                        }
                    } else {
                        for (int ox = lo; ox < hi; ox++) {
                            out[dst + ox * stride] += in[o + ox];
                        }
                    }
                }
            }
        }
    }

    private void scatterAdd(double[] in, double[] out, int count) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < count; j++) {
                for (int p = 0; p < positions; p++) {
                    int s = source(i, p);
                    if (s >= 0) {
                        out[j * rowSize + s] += in[(i * count + j) * positions + p];
                    }
                }
            }
        }
    }
}
