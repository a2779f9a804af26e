package org.nnj.kernels;

/**
 * The shape of one 2-D convolution: {@code F} filters of {@code C x k x k} over {@code C x H x W}
 * images (NCHW within a row) at stride s, with {@code pt} rows of zeros above and {@code pl} columns
 * left of the image, giving {@code F x Ho x Wo} outputs. Output position (oy, ox) with tap
 * {@code i = (c·k + ky)·k + kx} reads the input at {@code (c, oy·s + ky - pt, ox·s + kx - pl)}, zero
 * outside the image.
 */
public record ConvGeometry(
        int channels,
        int height,
        int width,
        int filters,
        int kernel,
        int stride,
        int padTop,
        int padLeft,
        int outHeight,
        int outWidth) {
    /** Values per input image: {@code C·H·W}. */
    public int inSize() {
        return channels * height * width;
    }

    /** Taps per filter, the rows of a patch matrix: {@code C·k·k}. */
    public int patch() {
        return channels * kernel * kernel;
    }

    /** Output positions per filter: {@code P = Ho·Wo}. */
    public int positions() {
        return outHeight * outWidth;
    }

    /** Values per output image: {@code F·Ho·Wo}. */
    public int outSize() {
        return filters * positions();
    }

    /** Rows after 2x2 max pooling at stride 2: {@code ⌊Ho/2⌋}. */
    public int pooledHeight() {
        return outHeight / 2;
    }

    /** Columns after 2x2 max pooling at stride 2: {@code ⌊Wo/2⌋}. */
    public int pooledWidth() {
        return outWidth / 2;
    }

    /** Values per example after 2x2 max pooling at stride 2: {@code F·⌊Ho/2⌋·⌊Wo/2⌋}. */
    public int pooledSize() {
        return filters * pooledHeight() * pooledWidth();
    }
}
