package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.Require;

/**
 * The fast 2-D convolution of one layer over a batch whose rows are images in channels x height x
 * width order (NCHW within a row): for example n, {@code Z_n = W · cols(x_n) + b 1ᵀ} (F x P, the
 * example's output row; {@code cols} is the {@code (C·k·k) x P} patch matrix of {@link Patches}),
 * followed by an {@link Epilogue}; backward, from dJ/dZ, {@code dW = Σ_n dZ_n cols_nᵀ}, {@code db =
 * Σ_n dZ_n 1} and {@code dX_n = col2im(Wᵀ dZ_n)}. The plain-loop definition these are tested against
 * is {@code org.nnj.layers.ConvolutionReference}.
 *
 * <p>{@link #plan} picks one of three paths from the type and geometry, each a {@link ConvolutionPath}:
 * <ul>
 *   <li>{@link Path#IM2COL} ({@link Im2colConvolution}): any type, stride and padding; the epilogue is
 *       the bias alone;</li>
 *   <li>{@link Path#WIDE_ROWS} ({@link WideRowsConvolution}): float32 at stride 1, patch matrices on the
 *       padded grid, with the bias, the ReLU, or the ReLU and a 2x2 stride-2 max pooling in the copy of
 *       the product into the rows ({@link #fusesRelu}, {@link #fusesReluAndPool});</li>
 *   <li>{@link Path#DIRECT} ({@link DirectConvolution}): the same, for a layer with at most {@link
 *       DirectConvolution#DIRECT_PRODUCTS} multiply-adds per position, whose forward pass needs no patch
 *       matrix.</li>
 * </ul>
 * A training forward pass keeps, for the backward pass of the same input, its column matrices
 * ({@link KeptColumns}) and, with pooling, each window's route; an inference pass, or a pass for
 * another input, makes them stale, and backward then gathers the columns again. Inference uses
 * per-thread buffers, so it may run on many threads at once, and shares a batch of at least {@link
 * #SHARE_FROM} examples with the second core, whole examples each (for the paths with products, only
 * while OpenBLAS runs on one thread); training, as everywhere in the library,
 * runs on one thread at a time, sharing its copies with a second core ({@link SecondCore}).
 */
public final class Convolution {
    /** The three ways of computing a convolution. */
    public enum Path {
        IM2COL,
        WIDE_ROWS,
        DIRECT
    }

    /**
     * The path for a layer of this type and geometry: float32 at stride 1 takes the wide rows, without
     * a patch matrix going forward if it has at most {@link DirectConvolution#DIRECT_PRODUCTS}
     * multiply-adds per position; everything else takes im2col.
     */
    public static Path plan(DataType type, ConvGeometry g) {
        if (type != DataType.FLOAT || g.stride() != 1) {
            return Path.IM2COL;
        }
        return (long) g.filters() * g.patch() <= DirectConvolution.DIRECT_PRODUCTS ? Path.DIRECT : Path.WIDE_ROWS;
    }

    /** Whether {@code path} can compute a convolution of this type and geometry. */
    public static boolean supports(Path path, DataType type, ConvGeometry g) {
        return path == Path.IM2COL || (type == DataType.FLOAT && g.stride() == 1);
    }

    private final ConvGeometry geometry;
    private final Path path;
    private final ConvolutionPath impl;
    private final TrainingPass last = new TrainingPass();
    /** For each pooled output of the last training {@link #forwardPooled}: its window's route, 0-3. */
    private byte[] routes = new byte[0];

    /** The planned path ({@link #plan}). */
    public Convolution(DataType type, ConvGeometry geometry) {
        this(type, geometry, plan(type, geometry));
    }

    /** A given path (the tests run each); it must {@link #supports} the type and geometry. */
    public Convolution(DataType type, ConvGeometry geometry, Path path) {
        Require.floatOrDouble(type, "type");
        if (!supports(path, type, geometry)) {
            throw new IllegalArgumentException(
                    path + " computes float32 convolutions at stride 1 only, not " + type + " " + geometry);
        }
        this.geometry = geometry;
        this.path = path;
        this.impl = switch (path) {
            case IM2COL -> new Im2colConvolution(type, geometry);
            case WIDE_ROWS -> new WideRowsConvolution(geometry);
            case DIRECT -> new DirectConvolution(geometry);
        };
    }

    public Path path() {
        return path;
    }

    /**
     * Whether {@link #forward} and {@link #backward} can apply a ReLU in the same pass as their copies:
     * the layer then needs no separate pass over its output and gradient.
     */
    public boolean fusesRelu() {
        return impl.runs(Epilogue.Kind.BIAS_RELU);
    }

    /**
     * Whether {@link #forwardPooled} and {@link #backwardPooled} can apply a ReLU and then 2x2 max
     * pooling at stride 2 in the same passes as their copies (an output of at least 2x2): the ReLU's
     * output is then never written, and the pooling layer needs no passes of its own.
     */
    public boolean fusesReluAndPool() {
        return impl.runs(Epilogue.Kind.RELU_POOL) && geometry.pooledSize() > 0;
    }

    /**
     * {@code Z_n = W · cols(x_n) + b 1ᵀ} for every example n; z is batch x (F·P), or {@code max(Z, 0)}
     * with {@code relu} (only where {@link #fusesRelu}). A training pass keeps the column matrices for
     * {@link #backward}.
     */
    public void forward(Matrix x, Matrix w, Matrix bias, Matrix z, boolean training, boolean relu) {
        if (relu && !fusesRelu()) {
            throw new IllegalStateException("this convolution does not fuse its ReLU; apply it separately");
        }
        forward(x, w, bias, z, training, relu ? Epilogue.Kind.BIAS_RELU : Epilogue.Kind.BIAS);
    }

    /**
     * {@code P = maxpool2x2(max(Z, 0))}: the values of {@link #forward} with its ReLU followed by {@link
     * Pooling}'s 2x2 max pooling at stride 2, exactly, in one pass over Z (A is never written). pooled
     * is batch x (F·⌊Ho/2⌋·⌊Wo/2⌋). A training pass keeps each window's route for {@link
     * #backwardPooled} of the same x.
     */
    public void forwardPooled(Matrix x, Matrix w, Matrix bias, Matrix pooled, boolean training) {
        if (!fusesReluAndPool()) {
            throw new IllegalStateException("this convolution does not fuse a ReLU and pooling");
        }
        forward(x, w, bias, pooled, training, Epilogue.Kind.RELU_POOL);
    }

    private void forward(Matrix x, Matrix w, Matrix bias, Matrix out, boolean training, Epilogue.Kind kind) {
        last.clear(); // whatever was kept is stale from now on
        if (!training && x.rows() >= SHARE_FROM && (path == Path.DIRECT || Gemm.blasThreads() == 1)) {
            infer(x, w, bias.rowView(0, geometry.filters(), 1), out, kind);
            return;
        }
        byte[] route = null;
        if (kind == Epilogue.Kind.RELU_POOL && training) {
            if (routes.length < x.rows() * geometry.pooledSize()) {
                routes = new byte[x.rows() * geometry.pooledSize()];
            }
            route = routes;
        }
        KeptColumns.Batch kept = impl.forward(x, w, bias.rowView(0, geometry.filters(), 1), out, kind, route, training);
        if (training) {
            last.set(x, kept, route != null);
        }
    }

    /**
     * Fewest rows of an inference pass that is shared with the second core ({@link SecondCore}): below
     * it the helper's wake-up (20 us to 2 ms on a shared VM) costs more than the half of the pass it
     * could take over (a LeNet example is ~40 us). Only a path whose forward pass makes no product
     * ({@link Path#DIRECT}) is shared whatever OpenBLAS does; the others only while OpenBLAS runs on
     * one thread ({@link Gemm#blasThreads}), since two threads' products at once on OpenBLAS's own
     * pool are slower than one thread's (nn-benchmarks/README.md).
     */
    static final int SHARE_FROM = 8;

    /**
     * An inference pass in pieces of whole examples (at most {@link ConvolutionPath#CHUNK}, at least two
     * pieces), each a pass of its own over views of x's and out's rows, taken by this thread and the
     * second core as they come: every example is computed as in one pass (the pieces of a batch of 64
     * or more are its chunks), and nothing is shared between the threads but the read-only inputs. A
     * new job per call, so that many threads may infer at once (one of them gets the helper).
     */
    private void infer(Matrix x, Matrix w, Matrix b, Matrix out, Epilogue.Kind kind) {
        int rows = x.rows();
        int piece = rows >= 2 * ConvolutionPath.CHUNK ? ConvolutionPath.CHUNK : (rows + 1) / 2;
        int in = x.cols();
        int width = out.cols();
        SecondCore.Pieces job = SecondCore.Pieces.of(k -> {
            int first = k * piece;
            int n = Math.min(piece, rows - first);
            impl.forward(x.view(first * in, n, in), w, b, out.view(first * width, n, width), kind, null, false);
        });
        job.runAll((rows + piece - 1) / piece);
    }

    /**
     * From {@code dZ} (batch x (F·P), dJ/dZ) sets {@code dW = Σ_n dZ_n cols_nᵀ}, {@code db = Σ_n dZ_n 1}
     * and, if dX is not null, {@code dX_n = col2im(Wᵀ dZ_n)}. With a ReLU's output {@code reluOut} (not
     * null only where {@link #fusesRelu}), dZ holds dJ/dA and the pass uses {@code dJ/dZ = dJ/dA ⊙ [A >
     * 0]} (dZ is left as it was).
     */
    public void backward(Matrix x, Matrix dZ, Matrix w, Matrix dW, Matrix dB, Matrix dX, Matrix reluOut) {
        if (reluOut != null && !fusesRelu()) {
            throw new IllegalStateException("this convolution does not fuse its ReLU; apply it separately");
        }
        Epilogue.Kind kind = reluOut != null ? Epilogue.Kind.BIAS_RELU : Epilogue.Kind.BIAS;
        backward(x, dZ, reluOut, kind, w, dW, dB, dX);
    }

    /**
     * The backward pass of {@link #forwardPooled} from {@code dJ/dP} (gradPooled): {@code dJ/dZ =
     * route(dJ/dP) ⊙ [P > 0]} (each pooled gradient to its window's first maximum, if positive), then
     * dW, db and dX as in {@link #backward}. x must be the input of the last training {@code
     * forwardPooled} and pooled its output.
     */
    public void backwardPooled(Matrix x, Matrix gradPooled, Matrix pooled, Matrix w, Matrix dW, Matrix dB, Matrix dX) {
        if (!last.isFor(x) || !last.routed) {
            throw new IllegalStateException("backwardPooled needs the training forwardPooled of the same x first");
        }
        backward(x, gradPooled, pooled, Epilogue.Kind.RELU_POOL, w, dW, dB, dX);
    }

    private void backward(
            Matrix x, Matrix grad, Matrix out, Epilogue.Kind kind, Matrix w, Matrix dW, Matrix dB, Matrix dX) {
        KeptColumns.Batch kept = last.isFor(x) ? last.columns : null;
        impl.backward(x, grad, out, kind, routes, kept, w, dW, dB.rowView(0, geometry.filters(), 1), dX);
    }

    /**
     * What the last training forward pass left for the backward pass of the same input. The input is
     * recognised as the array itself: the layer is handed x again for backward, and the view of an
     * array from outside the library may be wrapped anew between the passes.
     */
    private static final class TrainingPass {
        private Object input;
        private int rows;
        /** Its column matrices, or null if it kept none. */
        private KeptColumns.Batch columns;
        /** Whether it recorded the routes of a pooling. */
        private boolean routed;

        void clear() {
            input = null;
            columns = null;
            routed = false;
        }

        void set(Matrix x, KeptColumns.Batch kept, boolean routes) {
            input = x.array();
            rows = x.rows();
            columns = kept;
            routed = routes;
        }

        boolean isFor(Matrix x) {
            return input != null && input == x.array() && rows == x.rows();
        }
    }
}
