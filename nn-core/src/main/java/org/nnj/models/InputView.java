package org.nnj.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * Remembers the {@link Matrix} view of the last array passed in, so that a training loop calling
 * {@code trainStep} with the same arrays again and again does not build a new NIO view each time.
 * Only true views are remembered (never copies), so later changes to the array's values are seen.
 */
final class InputView {
    private INDArray source;
    private Matrix view;

    Matrix of(INDArray array, String name) {
        if (array != null && array == source) {
            return view;
        }
        Matrix m = Matrix.of(array, name);
        if (m.array() == array) {
            source = array;
            view = m;
        }
        return m;
    }

    void clear() {
        source = null;
        view = null;
    }
}
