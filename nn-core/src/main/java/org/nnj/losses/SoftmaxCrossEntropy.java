package org.nnj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.kernels.LossKernels;
import org.nnj.kernels.Matrix;

/**
 * Softmax and categorical cross-entropy fused, on logits z (the output of a linear layer), averaged
 * over the m examples:
 * {@code J = (1/m) Σ_r [logsumexp(z_r) - Σ_k y_rk z_rk]} and {@code dJ/dz = (p - y) / m} with
 * {@code p = softmax(z)}.
 *
 * <p>This is the chain of the softmax Jacobian {@code diag(p) - p p^T} with the cross-entropy gradient
 * {@code -y / p}, which collapses to {@code p - y} for rows of y that sum to 1. Log-sum-exp is
 * computed as {@code max + log Σ e^{z - max}}, so J and the gradient are finite for logits of any
 * finite size (tested up to ±1e4). A network trained with it predicts {@code softmax(z)}.
 */
public record SoftmaxCrossEntropy() implements Loss {
    @Override
    public String name() {
        return "softmax_crossentropy";
    }

    @Override
    public double value(INDArray prediction, INDArray target) {
        return LossKernels.softmaxCrossEntropy(Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), null);
    }

    @Override
    public double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient) {
        return LossKernels.softmaxCrossEntropy(
                Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), Matrix.of(gradient, "gradient"));
    }

    @Override
    public void checkTargets(INDArray target, String argName) {
        TargetChecks.requireDistributionRows(Matrix.of(target, argName), argName, name());
    }

    @Override
    public void link(INDArray output) {
        Activation.softmax().forward(output, output);
    }
}
