package org.nnj.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Dense;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;

/**
 * The tutorials' artificial neuron: one sigmoid unit {@code a = σ(w · x + b)} trained by gradient
 * descent on MAE, MSE or binary cross-entropy. Its output is a probability; {@link #classify} cuts
 * it at 0.5, i.e. on the line {@code w · x + b = 0}.
 *
 * <p>It is a one-layer {@link Network}, available through {@link #network()}. With binary
 * cross-entropy the network computes σ and the loss together from z (as
 * {@link BinaryCrossEntropy#fromLogits()}), which is the same function but stays trainable when σ
 * saturates; {@link #predict} still returns σ(w · x + b). Train it like any network, with
 * {@code Trainer.builder().epochs(e).batchSize(b).learningRate(lr).build().fit(neuron.network(), x, y)}.
 */
public final class Neuron {
    private final Network network;
    private final Dense unit;

    /** A float32 neuron with Xavier-uniform initial weights drawn from {@code seed}. */
    public Neuron(int inputs, Loss loss, long seed) {
        this(inputs, loss, seed, DataType.FLOAT);
    }

    public Neuron(int inputs, Loss loss, long seed, DataType type) {
        // A loss on logits after the sigmoid (softmax cross-entropy, BCE from logits) is refused by the
        // network builder's rule for output activations and losses (OutputRules), naming the fix.
        if (loss instanceof BinaryCrossEntropy b && !b.isFromLogits()) {
            // σ followed by cross-entropy, computed as one stable function of z (the same loss and
            // gradient σ(z) - y, but no saturation: in float32 σ(z) rounds to exactly 1 for z > 17,
            // where the clipped loss on probabilities has no gradient left).
            unit = new Dense(inputs, 1, Activation.identity());
            network = Network.builder()
                    .add(unit)
                    .loss(BinaryCrossEntropy.fromLogits())
                    .seed(seed)
                    .dataType(type)
                    .build();
        } else {
            unit = new Dense(inputs, 1, Activation.sigmoid());
            network = Network.builder()
                    .add(unit)
                    .loss(loss)
                    .seed(seed)
                    .dataType(type)
                    .build();
        }
    }

    public Network network() {
        return network;
    }

    /** w (1 x inputs), live. */
    public INDArray weights() {
        return unit.weight();
    }

    /** b (1 x 1), live. */
    public INDArray bias() {
        return unit.bias();
    }

    /** σ(w · x + b) for each row of x (n x 1). */
    public INDArray predict(INDArray x) {
        return network.predict(x);
    }

    /** 1 where σ(w · x + b) >= 0.5, else 0 (n x 1). */
    public INDArray classify(INDArray x) {
        Matrix p = Matrix.of(predict(x), "prediction");
        for (int i = 0; i < p.size(); i++) {
            p.set(i, p.get(i) >= 0.5 ? 1 : 0);
        }
        return p.array();
    }
}
