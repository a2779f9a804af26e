/**
 * nnj: dense neural networks for the JVM on ND4J, written to be read.
 *
 * <p>The packages, roughly from the bottom up (ArchitectureTest checks that their imports form no cycle):
 * <ul>
 *   <li>{@code org.nnj} itself: {@link org.nnj.Require} (the argument checks every entry point shares)
 *       and {@link org.nnj.Spec} (what a layer, activation, loss or normalizer is, to rebuild it).</li>
 *   <li>{@code kernels}: internal; the only door to ND4J's factory and to BLAS.</li>
 *   <li>{@code activations}, {@code init}, {@code losses}: the functions, each with its equation.</li>
 *   <li>{@code layers}: Dense, ActivationLayer, Dropout, each mapping dJ/d(output) to dJ/d(input).</li>
 *   <li>{@code optim}: the optimizers, which only update parameters from their gradients.</li>
 *   <li>{@code data}: datasets, CSV and IDX files, splits, normalizers.</li>
 *   <li>{@code models}: {@code Network} (forward, backward, one training step), Perceptron, Neuron.</li>
 *   <li>{@code metrics}: confusion matrix and evaluation.</li>
 *   <li>{@code train}: {@code Trainer}, the one training loop (epochs, minibatches, validation,
 *       listeners, early stopping), and gradient checks.</li>
 *   <li>{@code io}: the model file.</li>
 * </ul>
 */
package org.nnj;
