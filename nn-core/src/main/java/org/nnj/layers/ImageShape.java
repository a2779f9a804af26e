package org.nnj.layers;

import org.nnj.Require;

/**
 * The shape of one image example, {@code channels x height x width}. A batch of images is still a
 * matrix with one example per row: row n holds image n in channel-major order (NCHW), so pixel
 * {@code (c, y, x)} is column {@code (c * height + y) * width + x}. An MNIST digit is {@code 1 x 28 x 28},
 * a row of 784 values, exactly the row a dense network takes.
 */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        Require.positive(channels, "channels");
        Require.positive(height, "height");
        Require.positive(width, "width");
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "an image of " + channels + " x " + height + " x " + width + " has too many values for one row");
        }
    }

    /** The number of values in one example, {@code channels * height * width}. */
    public int size() {
        return channels * height * width;
    }

    int[] toArray() {
        return new int[] {channels, height, width};
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
