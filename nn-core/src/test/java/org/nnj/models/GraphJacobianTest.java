package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;

/** The whole network's Jacobian, by the chain rule on the graph, against central differences of predict. */
class GraphJacobianTest {
    @Test
    void aGraphsJacobianMatchesFiniteDifferences() {
        Dense shared = new Dense(3, 3, Activation.tanh());
        GraphBuilder g = Network.graph();
        Node a = g.input("a", 3);
        Node b = g.input("b", 2);
        Node ha = g.apply(shared, a);
        Node r = g.add(ha, g.apply(shared, ha)); // shared twice, and a residual join
        Node joined = g.concatenate(r, g.apply(new Dense(2, 3, Activation.sigmoid()), b));
        Node gate = g.multiply(r, g.apply(new Dense(6, 3, Activation.tanh()), joined));
        g.output("u", g.apply(new Dense(3, 2), gate), Loss.mse())
                .output("v", g.apply(new Dense(6, 1, Activation.sigmoid()), joined), Loss.mse());
        Network net = g.dataType(DataType.DOUBLE).seed(3).build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 1, 5, 1, 4);
        double[][] j = Jacobians.of(net, x);
        assertEquals(3, j.length);
        double h = 1e-6;
        for (int c = 0; c < 5; c++) {
            INDArray up = x.dup();
            INDArray down = x.dup();
            up.putScalar(0, c, x.getDouble(0, c) + h);
            down.putScalar(0, c, x.getDouble(0, c) - h);
            INDArray pu = net.predict(up);
            INDArray pd = net.predict(down);
            for (int o = 0; o < 3; o++) {
                double numeric = (pu.getDouble(0, o) - pd.getDouble(0, o)) / (2 * h);
                assertEquals(numeric, j[o][c], 1e-8, "d out" + o + " / d x" + c);
            }
        }
    }
}
