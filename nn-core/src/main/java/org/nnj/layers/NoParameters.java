package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.Require;

/**
 * A layer with no trainable parameters (activations as layers, dropout, pooling over time, merges):
 * building it only fixes the tensor type.
 */
abstract class NoParameters extends BaseLayer {
    private DataType type;

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        Require.floatOrDouble(type, "type");
        requireRepresentable(type, name());
        this.type = type;
        onBuild(rng);
    }

    /** Called once the type is set, with the network's generator (for layers that draw random numbers). */
    protected void onBuild(Random rng) {}

    @Override
    public boolean isBuilt() {
        return type != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
