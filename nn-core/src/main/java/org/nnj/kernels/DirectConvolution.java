package org.nnj.kernels;

import java.util.Arrays;

/**
 * The float32 stride-1 path for layers with few multiply-adds per position (at most {@link
 * #DIRECT_PRODUCTS}, such as a first convolution over one channel): the forward pass without a patch
 * matrix or a product. For each example n, filter f and wide position t ({@link WidePatches}),
 * <pre>
 *   S[f, t] = Σ_i W[f, i] · image_n[shift(i) + t]      (i = (c·k + ky)·k + kx)
 * </pre>
 * the sums of {@code W · cols} without writing cols: the runs of four patch rows at a time are copied
 * into L1 and their products added to F runs of sums that stay in cache, in a fixed order ({@code S +
 * (((w_i r_i + w_(i+1) r_(i+1)) + w_(i+2) r_(i+2)) + w_(i+3) r_(i+3))}, then the rows left one by one),
 * and the {@link Epilogue} makes the outputs from each run. Each sum is added the same way whichever
 * thread does it, so a training pass shares the examples with the second core and gives the same bits.
 * The backward pass is {@link WideRowsConvolution}'s, gathering its patch matrices (none are kept).
 */
final class DirectConvolution extends WideRowsConvolution {
    /**
     * Most multiply-adds per output position ({@code F·C·k·k}) of a layer whose forward pass runs
     * here: there {@code W · cols} costs less as Java loops over runs held in L1 than as writing cols
     * and a product that reads it back. The LeNet's first convolution (8 filters of 1x5x5: 200) is
     * faster so, its second (16 of 8x5x5: 3200) is not; the limit lies between them
     * (nn-benchmarks/README.md).
     */
    static final int DIRECT_PRODUCTS = 512;

    private final int rows;
    private final int positions;
    private final int pooledSize;
    private final ConvolveJob convolving = new ConvolveJob();
    private final ThreadLocal<Sums> sums = ThreadLocal.withInitial(Sums::new);

    DirectConvolution(ConvGeometry g) {
        super(g);
        this.rows = g.patch();
        this.positions = g.positions();
        this.pooledSize = g.pooledSize();
    }

    /** One thread's sums for one example (one wide run per filter), four patch rows' runs, and W. */
    private final class Sums {
        final float[][] sums = new float[filters][span];
        final float[][] runs = new float[4][span];
        final float[] weights = new float[filters * rows];
    }

    /** Rows {@code first .. first + count} of out, a chunk at a time; no column matrices kept. */
    @Override
    KeptColumns.Batch forward(
            Matrix x, Matrix w, Matrix b, Matrix out, Epilogue.Kind kind, byte[] routes, boolean training) {
        for (int first = 0; first < x.rows(); first += CHUNK) {
            convolve(x, w, b, out, first, Math.min(CHUNK, x.rows() - first), kind, routes, training);
        }
        return null;
    }

    private void convolve(
            Matrix x,
            Matrix w,
            Matrix bias,
            Matrix out,
            int first,
            int count,
            Epilogue.Kind kind,
            byte[] routes,
            boolean shared) {
        float[] image = patches.paddedImages(x, first, count);
        float[] weights = sums.get().weights;
        w.load(0, weights, 0, filters * rows);
        int size = kind == Epilogue.Kind.RELU_POOL ? pooledSize : filters * positions;
        float[] values = Scratch.floats(4, count * size);
        if (shared) { // a training pass, one thread at a time: the examples shared with the second core
            convolving.run(image, weights, bias, values, first, count, kind, routes);
        } else { // inference, which may run on many threads at once: this thread alone
            for (int j = 0; j < count; j++) {
                convolveExample(image, weights, bias, values, first, j, kind, routes);
            }
        }
        out.store(first * size, values, 0, count * size);
    }

    /** Example j of a chunk: its sums, then its outputs for every filter. */
    private void convolveExample(
            float[] image,
            float[] weights,
            Matrix bias,
            float[] values,
            int first,
            int j,
            Epilogue.Kind kind,
            byte[] routes) {
        Sums d = sums.get();
        float[][] sums = d.sums;
        float[][] runs = d.runs;
        for (float[] z : sums) {
            Arrays.fill(z, 0);
        }
        int base = j * patches.paddedSize;
        int i = 0;
        for (; i + 4 <= rows; i += 4) { // four patch rows at a time: a quarter of the loads and stores of the sums
            for (int g = 0; g < 4; g++) {
                System.arraycopy(image, base + patches.shift(i + g), runs[g], 0, span);
            }
            float[] r0 = runs[0];
            float[] r1 = runs[1];
            float[] r2 = runs[2];
            float[] r3 = runs[3];
            for (int f = 0; f < filters; f++) {
                int at = f * rows + i;
                float w0 = weights[at];
                float w1 = weights[at + 1];
                float w2 = weights[at + 2];
                float w3 = weights[at + 3];
                float[] z = sums[f];
                for (int t = 0; t < span; t++) { // one index into each array: vectorized
                    z[t] += w0 * r0[t] + w1 * r1[t] + w2 * r2[t] + w3 * r3[t];
                }
            }
        }
        for (; i < rows; i++) {
            float[] r = runs[0];
            System.arraycopy(image, base + patches.shift(i), r, 0, span);
            for (int f = 0; f < filters; f++) {
                float wi = weights[f * rows + i];
                float[] z = sums[f];
                for (int t = 0; t < span; t++) {
                    z[t] += wi * r[t];
                }
            }
        }
        for (int f = 0; f < filters; f++) {
            float b = (float) bias.get(f);
            if (kind == Epilogue.Kind.RELU_POOL) {
                epilogue.pool(sums[f], b, values, first, j, f, routes);
            } else {
                epilogue.toRow(
                        sums[f],
                        0,
                        b,
                        values,
                        j * filters * positions + f * positions,
                        kind == Epilogue.Kind.BIAS_RELU);
            }
        }
    }

    /** A training pass's chunk: its arguments, for the examples on either thread. */
    private final class ConvolveJob extends SecondCore.Pieces {
        private float[] image;
        private float[] weights;
        private Matrix bias;
        private float[] values;
        private int first;
        private Epilogue.Kind kind;
        private byte[] routes;

        void run(
                float[] image,
                float[] weights,
                Matrix bias,
                float[] values,
                int first,
                int count,
                Epilogue.Kind kind,
                byte[] routes) {
            this.image = image;
            this.weights = weights;
            this.bias = bias;
            this.values = values;
            this.first = first;
            this.kind = kind;
            this.routes = routes;
            runAll(count);
            this.image = null; // nothing kept alive after the pass
            this.weights = null;
            this.bias = null;
            this.values = null;
            this.routes = null;
        }

        @Override
        protected void piece(int j) {
            convolveExample(image, weights, bias, values, first, j, kind, routes);
        }
    }
}
