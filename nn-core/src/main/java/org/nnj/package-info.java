/**
 * nnj: neural networks for the JVM on ND4J, written to be read.
 *
 * <p>The packages, roughly from the bottom up (ArchitectureTest checks that their imports form no cycle):
 * <ul>
 *   <li>{@code org.nnj} itself: {@link org.nnj.Require} (the argument checks every entry point shares),
 *       {@link org.nnj.Spec} (what a layer, activation, loss or normalizer is) and {@link org.nnj.Kind}
 *       (how a spec is written and rebuilt, declared once beside each class's {@code spec()}).</li>
 *   <li>{@code kernels}: internal; the only door to ND4J's factory and to BLAS, and the home of every
 *       fast path (matrix products, activation and loss loops, the optimizers' update loops, the
 *       convolution paths im2col, wide rows and direct with their shared epilogue).</li>
 *   <li>{@code activations}, {@code init}, {@code losses}: the functions, each with its equation and a
 *       float64 reference ({@code value}/{@code derivative}, a loss's {@code reference}).</li>
 *   <li>{@code layers}: Dense, ActivationLayer, Dropout, BatchNormalization, Conv2D (with the
 *       loop-by-loop {@code ConvolutionReference}), MaxPool2D, AvgPool2D, Flatten, each mapping
 *       dJ/d(output) to dJ/d(input) and its parameter gradients.</li>
 *   <li>{@code optim}: the optimizers, each file with its algorithm box and per-element reference rule;
 *       {@code StepEngine} runs the guarded, chunked, two-core step; their state for checkpoints.</li>
 *   <li>{@code data}: datasets, CSV files ({@code CsvTable} holds cells, {@code ColumnKind} decides
 *       column kinds, {@code Schema} is the one fitted encoder), IDX files, splits, normalizers.</li>
 *   <li>{@code models}: {@code Network} (forward, backward, one training step; frozen layers), Perceptron,
 *       Neuron.</li>
 *   <li>{@code metrics}: confusion matrix and evaluation.</li>
 *   <li>{@code train}: {@code EpochLoop}, the one epoch loop every trainer shares (nn-spark's too),
 *       {@code Trainer}, listeners ({@code EarlyStopping}, {@code ModelCheckpoint}, {@code CsvLogger},
 *       {@code ReduceLROnPlateau}), backups and exact resume, and gradient checks.</li>
 *   <li>{@code io}: the model file and checkpoints ({@code ModelFile}, {@code Checkpoint}), ONNX export.</li>
 * </ul>
 *
 * <p>The rule for math: the class holds the equation and a plain reference implementation; a fast path
 * is a named implementation in {@code kernels}; a test proves the two equal in both types.
 */
package org.nnj;
