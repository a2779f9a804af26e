package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * A network runs a float32 Conv2D with a ReLU and the 2x2 max pooling after it as one pass (the pooling
 * layer's passes skipped, the convolution's own output never written). What it computes must be what
 * the two layers compute one after the other: the same predictions, loss, parameter gradients and
 * dJ/dx, value for value (up to the sign of a zero), on even and odd convolution outputs (where the
 * pooling drops the last row or column), over several chunks of examples, and where windows tie.
 */
class ConvPoolFusionTest {
    /**
     * (channels, height, width, kernel, padding, ties, filters): conv outputs 12x12, 7x9, 5x5, 8x8, 6x6
     * and 5x5; with ties, images that are mostly one constant, so that most windows hold four equal
     * maxima, and the gradient must go to the first of them as the pooling layer sends it. The four
     * layers with 4 filters have at most 512 multiply-adds per position and compute Z without a patch
     * matrix, the two with 8 filters (576 and 600) as a product.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}, kernel {3}, {4}, ties {5}, {6} filters")
    @CsvSource({
        "1, 12, 12, 5, SAME, false, 4",
        "2, 9, 11, 3, VALID, false, 4",
        "3, 7, 7, 3, VALID, false, 4",
        "2, 10, 10, 3, VALID, true, 4",
        "8, 6, 6, 3, SAME, false, 8",
        "3, 9, 9, 5, VALID, true, 8"
    })
    void fusedPassesEqualTheLayersOneAfterTheOther(
            int channels, int height, int width, int kernel, Padding padding, boolean ties, int filters) {
        ImageShape in = new ImageShape(channels, height, width);
        Conv2D conv = new Conv2D(in, filters, kernel, 1, padding, Activation.relu(), Initializer.heUniform());
        MaxPool2D pool = new MaxPool2D(conv.output(), 2);
        Flatten flat = new Flatten(pool.output());
        Dense dense = new Dense(pool.outputSize(), 3);
        Network net = Network.builder()
                .seed(7)
                .inputShape(channels, height, width)
                .add(conv)
                .add(pool)
                .add(flat)
                .add(dense)
                .loss(Loss.softmaxCrossEntropy())
                .build();
        assertTrue(conv.fusesWith(pool));
        conv.bias().addi(0.05); // some outputs just above zero, some windows all below
        int rows = 70; // the kernel takes 32 examples at a time: two full chunks and a short one
        INDArray x = TestData.gaussian(DataType.FLOAT, rows, in.size(), 1, 31);
        if (ties) {
            // Inputs in quarters and weights in 64ths: every Z is exact, so equal windows tie exactly.
            for (long i = 0; i < x.length(); i++) {
                x.putScalar(i, i % 29 == 0 ? Math.rint(4 * x.getDouble(i)) / 4 : 0.5);
            }
            INDArray w = conv.weight();
            for (long i = 0; i < w.length(); i++) {
                w.putScalar(i, Math.rint(64 * w.getDouble(i)) / 64);
            }
        }
        INDArray y = TestData.oneHot(DataType.FLOAT, rows, 3, 32);

        // The layers one after the other, by hand.
        List<Layer> layers = List.of(conv, pool, flat, dense);
        INDArray[] outs = new INDArray[layers.size()];
        INDArray input = x;
        for (int i = 0; i < layers.size(); i++) {
            outs[i] = Nd4j.zeros(DataType.FLOAT, rows, layers.get(i).outputSize());
            layers.get(i).forward(input, outs[i], true);
            input = outs[i];
        }
        INDArray grad = Nd4j.zeros(DataType.FLOAT, rows, 3);
        double expectedLoss = Loss.softmaxCrossEntropy().valueAndGradient(outs[3], y, grad);
        for (int i = layers.size() - 1; i >= 0; i--) {
            INDArray layerInput = i == 0 ? x : outs[i - 1];
            INDArray gradIn = Nd4j.zeros(DataType.FLOAT, rows, layers.get(i).inputSize());
            layers.get(i).backward(layerInput, outs[i], grad, gradIn);
            grad = gradIn;
        }
        INDArray expectedInputGradient = grad;
        List<double[]> expected = net.parameters().stream()
                .map(p -> p.gradient().dup().data().asDouble())
                .toList();
        for (org.nnj.layers.Parameter p : net.parameters()) {
            p.gradient().assign(Double.NaN);
        }

        // The network, which fuses the pair.
        INDArray inputGradient = net.gradients(x, y);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(
                    expected.get(i),
                    net.parameters().get(i).gradient().data().asDouble(),
                    0,
                    net.parameters().get(i).name());
        }
        assertArrayEquals(
                expectedInputGradient.data().asDouble(), inputGradient.data().asDouble(), 0, "dJ/dx");
        assertArrayEquals(new double[] {expectedLoss}, new double[] {net.lossAndGradients(x, y)}, 0, "loss");
        INDArray probabilities = outs[3].dup();
        Loss.softmaxCrossEntropy().link(probabilities);
        assertArrayEquals(probabilities.data().asDouble(), net.predict(x).data().asDouble(), 0, "predictions");
    }

    @Test
    void onlyAReluConvolutionInFloat32BeforeA2x2StrideTwoMaxPoolIsFused() {
        ImageShape in = new ImageShape(1, 8, 8);
        Conv2D relu = built(new Conv2D(in, 2, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform()));
        assertTrue(relu.fusesWith(new MaxPool2D(relu.output(), 2)));
        assertFalse(relu.fusesWith(new MaxPool2D(relu.output(), 2, 1)), "overlapping windows");
        assertFalse(relu.fusesWith(new MaxPool2D(relu.output(), 3)), "3x3 windows");
        assertFalse(relu.fusesWith(new AvgPool2D(relu.output(), 2)), "average pooling");
        Conv2D tanh = built(new Conv2D(in, 2, 3, 1, Padding.SAME, Activation.tanh(), Initializer.heUniform()));
        assertFalse(tanh.fusesWith(new MaxPool2D(tanh.output(), 2)), "tanh");
        Conv2D strided = built(new Conv2D(in, 2, 3, 2, Padding.SAME, Activation.relu(), Initializer.heUniform()));
        assertFalse(strided.fusesWith(new MaxPool2D(strided.output(), 2)), "stride 2");
        Conv2D doubles = new Conv2D(in, 2, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        doubles.build(DataType.DOUBLE, new java.util.Random(1));
        assertFalse(doubles.fusesWith(new MaxPool2D(doubles.output(), 2)), "float64");
        // and its backward pass needs its own training forward pass of the same x first
        INDArray x = TestData.gaussian(DataType.FLOAT, 3, 64, 1, 5);
        INDArray pooled = Nd4j.zeros(DataType.FLOAT, 3, 2 * 16);
        relu.forwardPooled(x, pooled, false);
        assertThrows(IllegalStateException.class, () -> relu.backwardPooled(x, pooled, pooled.dup(), null));
        // which holds for the array itself, however often arrays from outside are wrapped in between
        relu.forwardPooled(x, pooled, true);
        INDArray gradX = Nd4j.zeros(DataType.FLOAT, 3, 64);
        relu.backwardPooled(x, pooled, pooled.dup(), gradX);
        double[] expected = gradX.data().asDouble();
        relu.forwardPooled(x, pooled, true);
        for (int k = 0; k < 10; k++) {
            org.nnj.kernels.Matrix.of(Nd4j.rand(DataType.FLOAT, 2, 2), "other");
        }
        relu.backwardPooled(x, pooled, pooled.dup(), gradX);
        assertArrayEquals(expected, gradX.data().asDouble(), 0);
    }

    private static Conv2D built(Conv2D conv) {
        conv.build(DataType.FLOAT, new java.util.Random(1));
        return conv;
    }
}
