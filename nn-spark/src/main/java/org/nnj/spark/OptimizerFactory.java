package org.nnj.spark;

import java.io.Serializable;
import java.util.function.Supplier;
import org.nnj.optim.Optimizer;

/**
 * Makes a fresh optimizer on an executor, for {@link SparkTrainer.Builder#localSteps}: a serializable
 * supplier, such as {@code () -> new Adam(0.001)}.
 */
@FunctionalInterface
public interface OptimizerFactory extends Supplier<Optimizer>, Serializable {}
