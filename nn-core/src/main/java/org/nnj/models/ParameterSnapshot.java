package org.nnj.models;

import java.util.List;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Parameter;

/**
 * A copy of a network's parameter values that can be taken again and put back: the rollback of an
 * update that overflows, and the best epoch that early stopping restores. Taking and restoring copy
 * into buffers allocated once, so neither allocates.
 */
public final class ParameterSnapshot {
    private final List<Parameter> parameters;
    private final Matrix[] copies;

    /** A snapshot of {@code network}'s current parameter values. */
    public ParameterSnapshot(Network network) {
        this.parameters = network.parameters();
        this.copies = new Matrix[parameters.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = view(i).copy();
        }
    }

    /** Copies the current parameter values into this snapshot. */
    public void take() {
        for (int i = 0; i < copies.length; i++) {
            copies[i].copyFrom(view(i));
        }
    }

    /** Copies this snapshot's values back into the parameters. */
    public void restore() {
        for (int i = 0; i < copies.length; i++) {
            view(i).copyFrom(copies[i]);
        }
    }

    private Matrix view(int i) {
        return Matrix.of(parameters.get(i).value(), parameters.get(i).name());
    }
}
