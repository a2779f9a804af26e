package org.nnj.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Spec;

/**
 * A per-column transformation of features, fitted on training data and then applied, unchanged, to
 * validation, test and production data. Fitted normalizers are immutable values; their state is
 * what {@code org.nnj.io} saves beside a model.
 */
public interface Normalizer {
    /** The transformed features, as a new array of the same shape and type. */
    INDArray transform(INDArray features);

    /** The inverse transformation, as a new array. */
    INDArray inverse(INDArray transformed);

    /** Number of columns it was fitted on. */
    int columns();

    /**
     * What this normalizer is, with its fitted values, as a spec it can be rebuilt from: a built-in
     * normalizer's is {@code KIND.spec(...)}, its static {@link org.nnj.Kind}, listed in
     * {@link org.nnj.io.Registry}.
     */
    Spec spec();

    /** The dataset with transformed features. */
    default Dataset transform(Dataset data) {
        return data.withFeatures(transform(data.features()));
    }
}
