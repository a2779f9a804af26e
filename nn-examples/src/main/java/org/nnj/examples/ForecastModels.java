package org.nnj.examples;

import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.layers.LSTM;
import org.nnj.layers.SequenceShape;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/** The recurrent one-step model of the forecast command. */
final class ForecastModels {
    static final int UNITS = 32;

    /** PyTorch's nn.Linear bound, {@code 1/sqrt(in)}, for the head's weights and bias. */
    static final double HEAD = 1 / Math.sqrt(UNITS);

    private ForecastModels() {}

    /**
     * LSTM 32 over the window (one feature per step: a window row is already time-major with one
     * feature), its last state into Dense 1, MSE. Both initialized as PyTorch's {@code nn.LSTM} and
     * {@code nn.Linear(32, 1)} are: the LSTM's default U(±1/sqrt(units)), and the head's weights and bias
     * U(±1/sqrt(32)) (with {@code Dense}'s defaults, Xavier-uniform U(±0.43) and a zero bias, the held-out
     * RMSE was 2.04 on average over seeds 1-3 instead of 1.69; see the README's Forecasting).
     */
    static Network lstm(int window, long seed) {
        return Network.builder()
                .add(new LSTM(new SequenceShape(window, 1), UNITS, false))
                .add(new Dense(
                        UNITS,
                        1,
                        Activation.identity(),
                        Initializer.uniform(-HEAD, HEAD),
                        Initializer.uniform(-HEAD, HEAD)))
                .loss(Loss.mse())
                .seed(seed)
                .build();
    }
}
