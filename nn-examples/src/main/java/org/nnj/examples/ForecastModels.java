package org.nnj.examples;

import org.nnj.layers.Dense;
import org.nnj.layers.LSTM;
import org.nnj.layers.SequenceShape;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/** The recurrent one-step model of the forecast command. */
final class ForecastModels {
    static final int UNITS = 32;

    private ForecastModels() {}

    /**
     * LSTM 32 over the window (one feature per step: a window row is already time-major with one
     * feature), its last state into Dense 1, MSE.
     */
    static Network lstm(int window, long seed) {
        return Network.builder()
                .add(new LSTM(new SequenceShape(window, 1), UNITS, false))
                .add(new Dense(UNITS, 1))
                .loss(Loss.mse())
                .seed(seed)
                .build();
    }
}
