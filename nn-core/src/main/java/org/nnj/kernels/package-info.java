/**
 * Internal: the arithmetic on whole matrices, and the only package that calls ND4J's factory or BLAS.
 * Nothing here is public API; users and the examples see {@code INDArray} and the library's own
 * types only (a test fails if a public method outside this package takes or returns a type from it).
 *
 * <p><b>What goes here</b>: every loop over a whole matrix and every fused or vectorized path:
 * the matrix products ({@link org.nnj.kernels.Gemm}, one entry point with the size rule),
 * activations' batch loops ({@link org.nnj.kernels.Elementwise}, {@link org.nnj.kernels.Rows}), the
 * losses' sums ({@link org.nnj.kernels.LossKernels}), the optimizers' update rules
 * ({@link org.nnj.kernels.Updates}), the finiteness screens ({@link org.nnj.kernels.Reductions}) and
 * the one helper thread that training passes share their pieces with ({@link org.nnj.kernels.SecondCore}).
 * <b>What stays in its class</b>: the equation in Javadoc, the scalar formula (an activation's
 * {@code value} and {@code derivative}, used for the explicit Jacobian), the hyper-parameters and
 * their checks. A class calls its kernel in one line, commented with the equation it computes.
 *
 * <p><b>The rule</b>, for every layer, activation, loss and optimizer: the class holds the equation
 * (Javadoc) and a plain reference implementation in float64 (an activation's {@code value} and
 * {@code derivative}, a loss's {@code reference}, an optimizer's per-element rule, the loop-by-loop
 * {@code layers.ConvolutionReference}); a fast path is a named implementation here; and a test proves
 * the two equal in float32 and float64 within a stated bound and fails on a planted bug
 * ({@code ActivationKernelsTest}, {@code LossKernelsTest}, {@code ConvolutionPathsTest}, the optimizer
 * reference test).
 *
 * <p>{@link org.nnj.kernels.Matrix} is the row-major view over an {@code INDArray}'s direct buffer;
 * arrays the library allocates carry theirs, so passing them as {@code INDArray} costs nothing.
 * Float32 kernels copy into per-thread heap arrays, where the JIT vectorizes the loops; small
 * products run as Java loops and large ones in OpenBLAS.
 */
package org.nnj.kernels;
