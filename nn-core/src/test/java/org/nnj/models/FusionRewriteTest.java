package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.activations.Activation;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.Padding;
import org.nnj.losses.Loss;

/** The build-time rewrite: a float32 convolution with a ReLU read only by a 2x2 max pooling becomes one node. */
class FusionRewriteTest {
    static Network lenet(GraphBuilder g, boolean alsoReadConvolution) {
        ImageShape in = new ImageShape(1, 28, 28);
        Conv2D c1 = new Conv2D(in, 8, 5, 1, Padding.SAME, Activation.relu());
        MaxPool2D p1 = new MaxPool2D(c1.output(), 2);
        Conv2D c2 = new Conv2D(p1.output(), 16, 5, 1, Padding.VALID, Activation.relu());
        MaxPool2D p2 = new MaxPool2D(c2.output(), 2);
        Node x = g.input("x", 1, 28, 28);
        Node a = g.apply(c1, x);
        Node b = g.apply(p2, g.apply(c2, g.apply(p1, a)));
        Node f = g.apply(new Flatten(p2.output()), b);
        g.output("y", g.apply(new Dense(400, 10), f), Loss.softmaxCrossEntropy());
        if (alsoReadConvolution) {
            g.output("z", g.apply(new Dense(8 * 28 * 28, 1), g.apply(new Flatten(c1.output()), a)), Loss.mse());
        }
        return g.seed(1).build();
    }

    @Test
    void convolutionsReadOnlyByTheirPoolingAreFused() {
        Network chain = lenet(Network.graph(), false);
        assertEquals(6, chain.built.nodes());
        assertEquals(4, chain.graph.nodes(), "both convolution + pooling pairs fused");
        Network branched = lenet(Network.graph(), true);
        assertEquals(branched.built.nodes() - 1, branched.graph.nodes(), "the first convolution is read twice");
    }
}
