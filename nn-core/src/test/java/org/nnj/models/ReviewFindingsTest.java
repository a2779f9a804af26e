package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.layers.Add;
import org.nnj.layers.Concatenate;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.losses.Loss;

/**
 * Failing tests from the review of the graph engine (REVIEW.md): each documents one bug, what is
 * wrong and where.
 */
class ReviewFindingsTest {
    static final DataType D = DataType.DOUBLE;

    /**
     * BUG (Plan.java, constructor, {@code reaches}/{@code runs}; used by Passes.forward): a node runs in
     * training mode only if it, or a node upstream, holds trainable parameters. A parameter-free layer
     * that reads the network input directly (input dropout, the classic first layer of a denoising
     * network) is therefore never in training mode during trainStep / lossAndGradients, although
     * nothing is frozen: the dropout is silently off. SequentialBuilder.freeze's Javadoc says only a
     * FROZEN trunk runs in inference mode. Here nothing is frozen, so two training passes on the same
     * batch must see different dropout masks (and differ from the inference loss).
     */
    @Test
    void inputDropoutIsOnInTrainingWhenNothingIsFrozen() {
        Network net = Network.builder()
                .seed(1)
                .dataType(D)
                .add(new Dropout(6, 0.5))
                .add(new Dense(6, 2))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(D, 16, 6, 1, 2);
        INDArray y = TestData.gaussian(D, 16, 2, 1, 3);
        double inference = net.loss(x, y);
        double training = net.lossAndGradients(x, y);
        assertNotEquals(inference, training, "dropout at the input ran in inference mode during training");
    }

    /**
     * BUG (same cause, Plan.java): Network.gradients uses the input-gradient plan, in which every node
     * reaches a trainable value, so the same input dropout IS on there but off in trainStep: the
     * gradients that GradientCheck and users inspect are of a different function than the one
     * trained. Both training passes should agree on the mode of every node; with dropout on in both,
     * the training loss differs from the inference loss.
     */
    @Test
    void inputGradientPlanAndTrainingPlanAgreeOnTrainingMode() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 6);
        Node d = g.apply(new Dropout(6, 0.5), x);
        g.output("y", g.apply(new Dense(6, 2), d), Loss.mse());
        Network net = g.dataType(D).seed(1).build();
        // the two plans' modes for node 0 (the dropout) must be the same
        Plan train = new Plan(net.graph, new boolean[net.layers().size()], false);
        Plan inspect = new Plan(net.graph, new boolean[net.layers().size()], true);
        org.junit.jupiter.api.Assertions.assertEquals(
                inspect.training[0], train.training[0], "node 0 (dropout) trains in one plan and not in the other");
    }

    /**
     * BUG (GraphBuilder.apply, the arity check {@code !(from.length == 1 && layer instanceof
     * MultiInputLayer)}): a Merge (Add, Concatenate, Multiply) applied to ONE node is accepted, because
     * the exception meant for sequence layers with an optional mask applies to every MultiInputLayer.
     * The node then runs Merge's one-input forward, which reads its input as all merged inputs side by
     * side (width sum of the shapes) while the builder checked it against the first shape only: it
     * reads past the columns of its input. It must be refused at apply (and a model file with such a
     * node must be refused as a ModelFormatException, see GraphCodec.read, which relies on the builder).
     */
    @Test
    void mergeAppliedToOneNodeIsRefused() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        assertThrows(IllegalArgumentException.class, () -> g.apply(new Add(new int[] {4}, 2), x));
        GraphBuilder g2 = Network.graph();
        Node x2 = g2.input("x", 4);
        assertThrows(
                IllegalArgumentException.class,
                () -> g2.apply(new Concatenate(java.util.List.of(new int[] {4}, new int[] {4})), x2));
    }

    /**
     * BUG (GraphBuilder.input, the shape check; Graph's constructor, {@code inputSizes}; Node.size): an
     * input shape whose product overflows an int is accepted. [65536, 65536, 2] gives an input of size 0
     * (and [4096, 4096, 129] a negative size); with an Add on it the network builds, with inputSize() 0
     * or negative. Every size computed from a shape must be checked ({@code Math.multiplyExact}, or a
     * long product against Integer.MAX_VALUE) and refused naming the input. A model file can declare
     * such an input too (PayloadReader.size allows each dimension up to 2^24), so GraphCodec.read
     * inherits the hole.
     */
    @Test
    void inputShapeWhoseSizeOverflowsIsRefused() {
        GraphBuilder g = Network.graph();
        assertThrows(IllegalArgumentException.class, () -> g.input("x", 65536, 65536, 2));
        GraphBuilder g2 = Network.graph();
        assertThrows(IllegalArgumentException.class, () -> g2.input("x", 4096, 4096, 129));
    }

    /**
     * BUG (same cause, Plan.java {@code reaches}): with Network.Builder.freeze(0, 1), SequentialBuilder's
     * Javadoc says only the frozen trunk (layer 0) runs in inference mode. The Dropout at layer 1 is
     * not frozen, yet it reads a node that does not reach a trainable parameter, so it runs in
     * inference mode too: fine-tuning a head on a frozen backbone silently loses its dropout.
     * Suggested fix (for all three Plan findings): a node runs in training mode unless its layer is
     * frozen (or it is in the frozen trunk: its layer frozen and nothing upstream trains); keep
     * {@code reaches} only for deciding which backward passes run.
     */
    @Test
    void dropoutAboveAFrozenTrunkIsOnInTraining() {
        Network net = Network.builder()
                .seed(1)
                .dataType(D)
                .add(new Dense(6, 8))
                .add(new Dropout(8, 0.5))
                .add(new Dense(8, 2))
                .freeze(0, 1)
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(D, 16, 6, 1, 2);
        INDArray y = TestData.gaussian(D, 16, 2, 1, 3);
        assertNotEquals(net.loss(x, y), net.lossAndGradients(x, y), "the unfrozen dropout ran in inference mode");
    }
}
