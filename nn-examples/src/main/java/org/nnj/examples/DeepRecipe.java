package org.nnj.examples;

import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;
import org.nnj.optim.Adam;
import org.nnj.optim.Momentum;
import org.nnj.optim.Optimizer;

/**
 * The deep command's two networks, which differ only in their wiring (He et al., 2016, "Deep residual
 * learning for image recognition", section 4.1's plain against residual comparison, here with dense
 * layers). Both are: an input projection {@code h_0 = ReLU(W_0 x + b_0)} (784 to the width), then
 * {@code depth} dense layers of width by width, then a linear classifier {@code W_c h + b_c} (width to
 * 10) under softmax cross-entropy; every weight is He-normal ({@code N(0, 2 / fan_in)}), every bias 0,
 * drawn from one {@code Random(seed)} in the same order, so the two start from the same numbers, with
 * one exception: the residual blocks' closing layer {@code W_{2j}} gets the same draws times
 * {@code 1 / sqrt(depth / 2)} (Fixup's rule, Zhang et al., 2019). Without batch normalization (which
 * He et al. used in both networks) each unscaled branch adds about twice the signal's variance, so
 * after 10 blocks the initial loss is 694 instead of about 3 and SGD diverges within the first steps
 * (measured: step 3 of epoch 1 at depth 20, width 64, learning rates 0.005 and 0.01).
 *
 * <ul>
 *   <li><b>plain</b>: {@code h_k = ReLU(W_k h_{k-1} + b_k)} for {@code k = 1..depth}, a chain built with
 *       {@link Network#builder()};
 *   <li><b>residual</b>: the same layers taken in pairs as {@code depth / 2} blocks {@code h_{j} =
 *       h_{j-1} + W_{2j} ReLU(W_{2j-1} h_{j-1} + b_{2j-1}) + b_{2j}}, i.e. {@code x + f(x)} with f a
 *       Dense+ReLU then a linear Dense, built with {@link Network#graph()}.
 * </ul>
 *
 * <p>Backward, with {@code z = W h + b} and {@code D = diag(ReLU'(z))}: in the plain chain {@code
 * dJ/dh_{k-1} = W_k^T D_k dJ/dh_k}, so {@code dJ/dh_0} is a product of {@code depth} such Jacobians; in
 * a residual block {@code dJ/dh_{j-1} = dJ/dh_j + W_{2j-1}^T D_{2j-1} W_{2j}^T dJ/dh_j} (the Jacobian
 * {@code I + df/dh}), so the identity carries every block's gradient unchanged to the ones before it.
 * The parameter gradients are each Dense layer's own: {@code dJ/dW = D dJ/da h_in^T} (batch-summed),
 * {@code dJ/db = D dJ/da} (with {@code D = I} for a linear layer). The demo measures what happens; at
 * He initialization the plain chain's gradients do not vanish ({@code DeepDemo} reports their norms).
 */
final class DeepRecipe {
    private DeepRecipe() {}

    static final int CLASSES = 10;
    static final int BATCH = 64;

    private static Dense hidden(int in, int out, boolean relu) {
        return new Dense(in, out, relu ? Activation.relu() : Activation.identity(), Initializer.he());
    }

    /** The plain chain: projection, {@code depth} Dense+ReLU layers, classifier. */
    static Network plain(int inputs, int depth, int width, long seed) {
        Network.Builder b = Network.builder().seed(seed).add(hidden(inputs, width, true));
        for (int k = 0; k < depth; k++) {
            b.add(hidden(width, width, true));
        }
        return b.add(hidden(width, CLASSES, false))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    /** The residual graph: projection, {@code depth / 2} blocks {@code x + f(x)}, classifier. */
    static Network residual(int inputs, int depth, int width, long seed) {
        // Fixup's rule for branches of two layers: the closing layer's He draws times blocks^(-1/2)
        Initializer closing = Initializer.normal(Math.sqrt(2.0 / width / (depth / 2)));
        GraphBuilder g = Network.graph();
        Node h = g.apply(hidden(inputs, width, true), g.input("x", inputs));
        for (int k = 0; k < depth; k += 2) {
            Node f = g.apply(hidden(width, width, true), h);
            h = g.add(h, g.apply(new Dense(width, width, Activation.identity(), closing), f));
        }
        g.output("y", g.apply(hidden(width, CLASSES, false), h), Loss.softmaxCrossEntropy());
        return g.seed(seed).build();
    }

    /** {@code sgd}: SGD with momentum 0.9; {@code adam}: Adam (beta 0.9, 0.999). */
    static Optimizer optimizer(String name, double learningRate) {
        return name.equals("adam") ? new Adam(learningRate) : new Momentum(learningRate, 0.9);
    }
}
