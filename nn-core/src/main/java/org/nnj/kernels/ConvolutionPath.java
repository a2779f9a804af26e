package org.nnj.kernels;

/**
 * One way of computing a {@link Convolution}, chosen by {@link Convolution#plan}: {@link
 * Im2colConvolution}, {@link WideRowsConvolution} or {@link DirectConvolution}. Each takes the examples
 * {@value #CHUNK} at a time and computes, for example n, {@code Z_n = W · cols(x_n) + b 1ᵀ} followed by
 * an {@link Epilogue}, and back from the output's gradient {@code dW = Σ_n dZ_n cols_nᵀ}, {@code db =
 * Σ_n dZ_n 1} and {@code dX_n = col2im(Wᵀ dZ_n)}.
 */
abstract class ConvolutionPath {
    /** Examples per product: large enough for BLAS to run at speed, small enough to keep buffers small. */
    static final int CHUNK = 32;

    /** Whether this path runs the epilogue {@code kind} (every path runs {@link Epilogue.Kind#BIAS}). */
    abstract boolean runs(Epilogue.Kind kind);

    /**
     * The forward pass of x into out (batch x F·P, or the pooled size for {@link
     * Epilogue.Kind#RELU_POOL}); b is F x 1; routes is not null for a training pass with pooling.
     *
     * @return the column matrices this training pass kept for {@link #backward}, or null
     */
    abstract KeptColumns.Batch forward(
            Matrix x, Matrix w, Matrix b, Matrix out, Epilogue.Kind kind, byte[] routes, boolean training);

    /**
     * The backward pass from {@code grad}, the gradient of the forward pass's output {@code out} (used
     * by the epilogues other than {@link Epilogue.Kind#BIAS}): dW (F x C·k·k), db (F x 1) and, if not
     * null, dX. {@code kept} is what the training forward pass of this x kept, or null; {@code routes}
     * are its routes (pooling).
     */
    abstract void backward(
            Matrix x,
            Matrix grad,
            Matrix out,
            Epilogue.Kind kind,
            byte[] routes,
            KeptColumns.Batch kept,
            Matrix w,
            Matrix dW,
            Matrix db,
            Matrix dX);
}
