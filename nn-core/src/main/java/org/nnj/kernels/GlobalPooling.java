package org.nnj.kernels;

/**
 * Global average or max pooling of each channel over all its positions, for every row of a batch:
 * element (channel k, position p) of a row is at column {@code p * positionStride + k * channelStride}
 * (a time-major sequence: positions are steps, {@code positionStride = features}, {@code channelStride
 * = 1}; a channel-major image: positions are pixels, {@code positionStride = 1}, {@code channelStride
 * = height * width}). An optional mask (batch x positions, 0 = padding) leaves positions out; a row
 * with no real position gives 0.
 *
 * <p>The average's Jacobian is {@code ∂out_k/∂x_{k,p} = 1/count} on real positions; the max's is 1 at
 * the first maximum of the real positions and 0 elsewhere (found again from x in the backward pass,
 * so the kernel keeps no state).
 */
public final class GlobalPooling {
    private final boolean max;
    private final int channels;
    private final int positions;
    private final int positionStride;
    private final int channelStride;

    public GlobalPooling(boolean max, int channels, int positions, int positionStride, int channelStride) {
        this.max = max;
        this.channels = channels;
        this.positions = positions;
        this.positionStride = positionStride;
        this.channelStride = channelStride;
    }

    private static boolean real(Matrix mask, int n, int positions, int p) {
        return mask == null || mask.get(n * positions + p) != 0;
    }

    /** {@code out[n, k]} = the mean or the max of channel k over the real positions of row n. */
    public void forward(Matrix x, Matrix mask, Matrix out) {
        int width = x.cols();
        for (int n = 0; n < x.rows(); n++) {
            int row = n * width;
            for (int k = 0; k < channels; k++) {
                int at = row + k * channelStride;
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                int count = 0;
                for (int p = 0; p < positions; p++, at += positionStride) {
                    if (real(mask, n, positions, p)) {
                        double v = x.get(at);
                        acc = max ? Math.max(acc, v) : acc + v;
                        count++;
                    }
                }
                out.set(n * channels + k, count == 0 ? 0 : max ? acc : acc / count);
            }
        }
    }

    /** {@code gradIn = (d out/dx)^T gradOut}: spread evenly (average) or to the first maximum (max). */
    public void backward(Matrix x, Matrix mask, Matrix gradOut, Matrix gradIn) {
        int width = x.cols();
        for (int n = 0; n < x.rows(); n++) {
            int row = n * width;
            for (int k = 0; k < channels; k++) {
                int first = row + k * channelStride;
                double g = gradOut.get(n * channels + k);
                int count = 0;
                int best = -1;
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int p = 0, at = first; p < positions; p++, at += positionStride) {
                    gradIn.set(at, 0);
                    if (real(mask, n, positions, p)) {
                        count++;
                        double v = x.get(at);
                        if (best < 0 || v > bestValue) {
                            best = at;
                            bestValue = v;
                        }
                    }
                }
                if (count == 0) {
                    continue;
                }
                if (max) {
                    gradIn.set(best, g);
                    continue;
                }
                double share = g / count;
                for (int p = 0, at = first; p < positions; p++, at += positionStride) {
                    if (real(mask, n, positions, p)) {
                        gradIn.set(at, share);
                    }
                }
            }
        }
    }
}
