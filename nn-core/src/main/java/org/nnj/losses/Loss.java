package org.nnj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Spec;

/**
 * A cost {@code J(ŷ, y)} averaged over the batch, with its gradient {@code dJ/dŷ}.
 *
 * <p>Predictions and targets are batch x k matrices, one example per row. Every loss here divides by
 * the batch size m, so gradients are those of the mean over examples and learning rates do not
 * depend on the batch size. Element-wise regression losses ({@link MSE}, {@link MAE}) and
 * {@link BinaryCrossEntropy} also average over the k outputs, as Keras and PyTorch do.
 */
public interface Loss {
    /** Short name, as in {@code "mse"}. */
    String name();

    /** {@code J}, averaged as the class documents. */
    double value(INDArray prediction, INDArray target);

    /** Writes {@code dJ/dŷ} into {@code gradient} (same shape) and returns {@code J}. */
    double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient);

    /**
     * Checks that targets are in this loss's domain (e.g. in [0, 1] for cross-entropy) and throws
     * {@link IllegalArgumentException} naming {@code argName}, the row and the column if not. Shape
     * and finiteness are checked by the caller.
     */
    default void checkTargets(INDArray target, String argName) {}

    /**
     * The number of target columns for a network of {@code outputSize} outputs: {@code outputSize} for
     * every loss that compares the output with a target of its shape (the default), one class id per
     * step for {@link SparseSoftmaxCrossEntropy}. Throws {@link IllegalArgumentException} if no target
     * width fits.
     */
    default int targetWidth(int outputSize) {
        return outputSize;
    }

    /**
     * Turns raw network outputs into predictions, in place. The identity, except for losses that
     * take logits ({@link SoftmaxCrossEntropy}, {@link BinaryCrossEntropy#fromLogits()}), which apply
     * softmax or the sigmoid, so that a network's {@code predict} returns probabilities.
     */
    default void link(INDArray output) {}

    /**
     * What this loss is, as a spec it can be rebuilt from: by default its name; a built-in loss returns
     * its static {@link org.nnj.Kind}'s {@code KIND.spec(...)}, listed in {@link org.nnj.io.Registry}.
     */
    default Spec spec() {
        return Spec.of(name());
    }

    static Loss mse() {
        return new MSE();
    }

    static Loss mae() {
        return new MAE();
    }

    static Loss binaryCrossEntropy() {
        return BinaryCrossEntropy.onProbabilities();
    }

    static Loss categoricalCrossEntropy() {
        return new CategoricalCrossEntropy();
    }

    /** The Huber loss with threshold {@code delta} (see {@link Huber}). */
    static Loss huber(double delta) {
        return new Huber(delta);
    }

    static Loss softmaxCrossEntropy() {
        return new SoftmaxCrossEntropy();
    }
}
