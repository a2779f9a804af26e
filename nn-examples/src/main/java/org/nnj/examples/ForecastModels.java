package org.nnj.examples;

import org.nnj.models.Network;

/** The recurrent one-step model of the forecast command (an LSTM, when nn-core has one). */
final class ForecastModels {
    private ForecastModels() {}

    /** LSTM 32 over the window (one feature per step), its last state into Dense 1. */
    static Network lstm(int window, long seed) {
        throw new IllegalArgumentException("--model lstm needs the LSTM layer, which this build of nn-core does not"
                + " have yet: use --model mlp");
    }
}
