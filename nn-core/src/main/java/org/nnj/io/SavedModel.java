package org.nnj.io;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.models.Network;

/**
 * What {@link ModelFile#load} returns: the network and, if one was saved with it, the normalizer to
 * apply to inputs before {@code predict}.
 *
 * @param network    the network, with the saved parameters
 * @param normalizer the saved normalizer, or null
 * @param schema     how CSV columns become the inputs and the outputs become predictions, or null
 *                   (saved by the csv command; format version 2)
 */
public record SavedModel(Network network, Normalizer normalizer, Schema schema) {
    /** A model without a schema. */
    public SavedModel(Network network, Normalizer normalizer) {
        this(network, normalizer, null);
    }

    /**
     * Predictions for raw inputs (the features as they were before normalization): the saved
     * normalizer, if any, then the network. {@code network().predict} alone expects inputs that are
     * already normalized.
     */
    public INDArray predict(INDArray raw) {
        return network.predict(normalizer == null ? raw : normalizer.transform(raw));
    }

    public Optional<Normalizer> normalizerIfAny() {
        return Optional.ofNullable(normalizer);
    }

    public Optional<Schema> schemaIfAny() {
        return Optional.ofNullable(schema);
    }
}
