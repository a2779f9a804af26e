package org.nnj.kernels;

import java.util.Arrays;

/**
 * im2col and col2im for a float32 convolution at stride 1, with <em>wide rows</em>: the positions of
 * one example are laid out on the padded image's grid, {@code t = oy·Wp + ox}, with Wp = Wo + k - 1
 * the padded width. Row {@code i = (c·k + ky)·k + kx} of the patch matrix then reads the padded image
 * at {@code shift(i) + t}, {@code shift(i) = (c·Hp + ky)·Wp + kx}: a single contiguous run of {@code L
 * = (Ho - 1)·Wp + Wo} values per row and example, instead of Ho runs of Wo.
 *
 * <p>The price is {@code k - 1} extra positions per output row ({@code ox ≥ Wo}) whose values mean
 * nothing: the {@link Epilogue} drops them going forward and gives them a zero gradient going back,
 * so they add nothing to {@code dJ/dW = dZ · colsᵀ} or {@code dJ/db}, and {@code dJ/dcols = Wᵀ · dZ}
 * is zero there, which makes col2im ({@link #scatterAdd}) the same contiguous run, added back into a
 * padded gradient image that is then cropped. The products grow by Wp / Wo (1.4x for 14 → 10, 1.14x
 * for 28 + 4 → 28); the copies shrink more (nn-benchmarks/README.md).
 */
final class WidePatches {
    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int padTop;
    private final int padLeft;
    private final int paddedHeight;
    private final int paddedWidth;
    private final int rowSize;
    private final boolean padded;

    /** Rows of the patch matrix: C·k·k. */
    final int rows;
    /** Values per padded image: {@code C·Hp·Wp}. */
    final int paddedSize;
    /** Values per example and patch row: {@code L = (Ho - 1)·Wp + Wo}. */
    final int span;

    private final GatherJob gathering = new GatherJob();
    private final ScatterJob scattering = new ScatterJob();

    WidePatches(ConvGeometry g) {
        this.channels = g.channels();
        this.height = g.height();
        this.width = g.width();
        this.kernel = g.kernel();
        this.padTop = g.padTop();
        this.padLeft = g.padLeft();
        this.paddedHeight = g.outHeight() + kernel - 1;
        this.paddedWidth = g.outWidth() + kernel - 1;
        if (g.stride() != 1
                || padTop < 0
                || padLeft < 0
                || paddedHeight < padTop + height
                || paddedWidth < padLeft + width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " image padded " + padTop + "/" + padLeft
                    + " does not fit a " + g.outHeight() + "x" + g.outWidth() + " output of a " + kernel + "x"
                    + kernel + " kernel at stride 1");
        }
        this.rowSize = g.inSize();
        this.paddedSize = channels * paddedHeight * paddedWidth;
        this.rows = g.patch();
        this.span = (g.outHeight() - 1) * paddedWidth + g.outWidth();
        this.padded = paddedHeight != height || paddedWidth != width;
    }

    /** Wp: where each output row starts in a wide run. */
    int pitch() {
        return paddedWidth;
    }

    /**
     * The patch matrices of rows {@code first .. first + count} of x, side by side: (C·k·k) x (count·L);
     * with {@code shared} (a training pass: one thread at a time), the rows are shared with the second
     * core.
     */
    void gather(Matrix x, int first, int count, Matrix cols, boolean shared) {
        float[] image = paddedImages(x, first, count);
        if (shared) {
            gathering.run(image, count, cols);
            return;
        }
        for (int i = 0; i < rows; i++) {
            gatherRow(image, count, cols, i);
        }
    }

    /** Patch row i of every example. */
    private void gatherRow(float[] image, int count, Matrix cols, int i) {
        int shift = shift(i);
        for (int j = 0; j < count; j++) {
            cols.store((i * count + j) * span, image, j * paddedSize + shift, span);
        }
    }

    /** Rows {@code first .. first + count} of x as padded images in a scratch array (x itself if unpadded). */
    float[] paddedImages(Matrix x, int first, int count) {
        float[] in = Scratch.floats(0, count * rowSize);
        x.load(first * rowSize, in, 0, count * rowSize);
        if (!padded) {
            return in;
        }
        float[] image = Scratch.floats(2, count * paddedSize);
        Arrays.fill(image, 0, count * paddedSize, 0);
        copyInterior(in, image, count, true);
        return image;
    }

    /** Where patch row {@code i = (c·k + ky)·k + kx} starts reading in one padded image. */
    int shift(int i) {
        return i / (kernel * kernel) * paddedHeight * paddedWidth + (i / kernel % kernel) * paddedWidth + i % kernel;
    }

    /**
     * Copies count images between their rows' layout and the padded grid: into the padded images'
     * interiors ({@code toPadded}), or back out of them (the crop).
     */
    private void copyInterior(float[] from, float[] to, int count, boolean toPadded) {
        for (int j = 0; j < count; j++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int plain = j * rowSize + (c * height + y) * width;
                    int inside = j * paddedSize + (c * paddedHeight + y + padTop) * paddedWidth + padLeft;
                    if (toPadded) {
                        System.arraycopy(from, plain, to, inside, width);
                    } else {
                        System.arraycopy(from, inside, to, plain, width);
                    }
                }
            }
        }
    }

    /** The transpose of {@link #gather}: rows {@code first .. first + count} of dx from the patch gradients. */
    void scatterAdd(Matrix dCols, Matrix dx, int first, int count) {
        float[] image = Scratch.floats(padded ? 2 : 0, count * paddedSize);
        float[] staged = Scratch.floats(4, count * paddedSize);
        Arrays.fill(image, 0, count * paddedSize, 0);
        scattering.run(dCols, image, staged, count); // a backward pass, one thread at a time: shared
        if (!padded) {
            dx.store(first * rowSize, image, 0, count * rowSize);
            return;
        }
        float[] out = Scratch.floats(0, count * rowSize);
        copyInterior(image, out, count, false);
        dx.store(first * rowSize, out, 0, count * rowSize);
    }

    /** Example j of {@link #scatterAdd}: every patch row's run added into its image. */
    private void scatterExample(Matrix dCols, float[] image, float[] staged, int count, int j) {
        for (int i = 0; i < rows; i++) {
            int d = j * paddedSize + shift(i);
            // Staged at the image's own index first, straight from the product's buffer: a loop
            // whose two arrays share one index is vectorized by the JIT, one with two different
            // offsets is not (nn-benchmarks/README.md).
            dCols.load((i * count + j) * span, staged, d, span);
            for (int t = d; t < d + span; t++) {
                image[t] += staged[t];
            }
        }
    }

    /** A training {@link #gather}: its arguments, for the patch rows on either thread. */
    private final class GatherJob extends SecondCore.Pieces {
        private float[] image;
        private int count;
        private Matrix cols;

        void run(float[] image, int count, Matrix cols) {
            this.image = image;
            this.count = count;
            this.cols = cols;
            runAll(rows);
            this.image = null; // nothing kept alive after the pass
            this.cols = null;
        }

        @Override
        protected void piece(int i) {
            gatherRow(image, count, cols, i);
        }
    }

    /** A {@link #scatterAdd}: its arguments, for the examples on either thread. */
    private final class ScatterJob extends SecondCore.Pieces {
        private Matrix dCols;
        private float[] image;
        private float[] staged;
        private int count;

        void run(Matrix dCols, float[] image, float[] staged, int count) {
            this.dCols = dCols;
            this.image = image;
            this.staged = staged;
            this.count = count;
            runAll(count);
            this.dCols = null;
            this.image = null;
            this.staged = null;
        }

        @Override
        protected void piece(int j) {
            scatterExample(dCols, image, staged, count, j);
        }
    }
}
