package org.nnj.optim;

import java.util.List;
import org.nnj.layers.Parameter;

/**
 * Updates parameters from their gradients, and from nothing else: an optimizer never computes a
 * gradient, in the spirit of PyTorch's {@code torch.optim}. State (momentum, moment estimates) is
 * allocated once per parameter on the first step and reused after.
 */
public interface Optimizer {
    /** Applies one update to every parameter, using the gradients its last backward pass left. */
    void step(List<Parameter> parameters);
}
