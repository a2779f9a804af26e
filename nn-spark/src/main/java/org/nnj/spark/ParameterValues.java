package org.nnj.spark;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;

/**
 * A network's parameter values as plain arrays, one per tensor in {@code Network.parameters()} order:
 * {@code float[]} for a float32 network, {@code double[]} for float64. This, never an INDArray, is what
 * the driver broadcasts each step.
 */
final class ParameterValues implements Serializable {
    private final float[][] floats;
    private final double[][] doubles;

    private ParameterValues(float[][] floats, double[][] doubles) {
        this.floats = floats;
        this.doubles = doubles;
    }

    /** A copy of the network's current values. */
    static ParameterValues of(Network network) {
        List<Parameter> params = network.parameters();
        if (network.dataType() == DataType.DOUBLE) {
            double[][] d = new double[params.size()][];
            for (int p = 0; p < d.length; p++) {
                d[p] = params.get(p).value().data().asDouble();
            }
            return new ParameterValues(null, d);
        }
        float[][] f = new float[params.size()][];
        for (int p = 0; p < f.length; p++) {
            f[p] = params.get(p).value().data().asFloat();
        }
        return new ParameterValues(f, null);
    }

    /** Writes these values into the network's parameters (same architecture). */
    void copyInto(Network network) {
        List<Parameter> params = network.parameters();
        for (int p = 0; p < params.size(); p++) {
            if (doubles != null) {
                params.get(p).value().data().setData(doubles[p]);
            } else {
                params.get(p).value().data().setData(floats[p]);
            }
        }
    }
}
