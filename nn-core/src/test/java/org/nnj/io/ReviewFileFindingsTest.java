package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;

/** Failing tests from the review of the graph engine's model-file section (REVIEW.md). */
class ReviewFileFindingsTest {
    static final DataType D = DataType.DOUBLE;

    /** A graph that happens to be a chain: one input, layers one after another, one weighted output. */
    static Network chainGraph() {
        GraphBuilder g = Network.graph();
        Node x = g.input("features", 4);
        Node h = g.apply(new Dense(4, 3, Activation.tanh()), x);
        g.output("score", g.apply(new Dense(3, 2), h), Loss.mse(), 0.25);
        return g.dataType(D).seed(3).build();
    }

    /**
     * BUG (ModelCodec.version line ~37 and ModelFile checkpoint version line ~342: the choice of format by
     * {@code topology().isSequential()}, i.e. Graph.isChain): a graph network built with
     * Network.graph() whose nodes happen to form a chain is written in the sequential format (version
     * 1-3), which has one loss and no loss weight, no input or output names. Loading it gives a network
     * whose loss is 4x the saved one (weight 0.25 dropped): loss, trainStep's gradients and the
     * Trainer's history all change across a save. Suggested fix: write version 4 whenever the graph is
     * not exactly what Network.builder() makes (names "x"/"y", weight 1), or make isChain require that.
     */
    @Test
    void chainShapedGraphKeepsItsLossWeightAcrossASave() throws Exception {
        Network net = chainGraph();
        INDArray x = TestData.gaussian(D, 6, 4, 1, 1);
        INDArray y = TestData.gaussian(D, 6, 2, 1, 2);
        Network back = ModelFile.fromBytes(ModelFile.toBytes(net, null, null), "chain graph")
                .network();
        assertEquals(net.loss(x, y), back.loss(x, y), 1e-12, "the output's weight 0.25 was lost");
    }

    /** BUG (same place): the input's and output's names are lost too; predictByName then refuses the old names. */
    @Test
    void chainShapedGraphKeepsItsNamesAcrossASave() throws Exception {
        Network net = chainGraph();
        Network back = ModelFile.fromBytes(ModelFile.toBytes(net, null, null), "chain graph")
                .network();
        assertEquals(net.inputNames(), back.inputNames());
        assertEquals(net.outputNames(), back.outputNames());
    }
}
