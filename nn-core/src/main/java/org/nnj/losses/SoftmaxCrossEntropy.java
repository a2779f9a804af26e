package org.nnj.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.kernels.LossKernels;
import org.nnj.kernels.Matrix;

/**
 * Softmax followed by cross-entropy, fused, on logits z (the network's last layer is linear):
 * {@code J = (1/m) Σ_rows Σ_c w_c y_c (log Σ_k e^{z_k} - z_c)}, with
 * {@code dJ/dz = ((Σ_c w_c y_c) softmax(z) - w ⊙ y) / m}, which for one-hot rows of class c is
 * {@code w_c (softmax(z) - y) / m}: finite for any finite logits, and no saturating softmax between.
 * The class weights w are all 1 unless {@link #withClassWeights} sets them (Keras's
 * {@code class_weight}: each example's loss is scaled by its class's weight, the sum still divided by
 * m); {@code predict} applies the softmax, so it returns class probabilities.
 *
 * <p>Class weights are a training setting: the model file keeps the loss's kind, not its weights.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private final double[] classWeights;

    /** Unweighted (every class weight 1). */
    public SoftmaxCrossEntropy() {
        this.classWeights = null;
    }

    private SoftmaxCrossEntropy(double[] classWeights) {
        this.classWeights = classWeights;
    }

    /**
     * The same loss with a weight per class (finite, >= 0, one per output column), for example
     * {@code ClassWeights.balanced(...)} for imbalanced classes.
     */
    public SoftmaxCrossEntropy withClassWeights(double[] weights) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights must hold one weight per class");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i]) || weights[i] < 0) {
                throw new IllegalArgumentException(
                        "weights[" + i + "] is " + weights[i] + "; weights are finite and >= 0");
            }
        }
        return new SoftmaxCrossEntropy(weights.clone());
    }

    /** The class weights, or null when unweighted. */
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    @Override
    public String name() {
        return "softmax_crossentropy";
    }

    @Override
    public double value(INDArray prediction, INDArray target) {
        return compute(prediction, target, null);
    }

    @Override
    public double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient) {
        return compute(prediction, target, gradient);
    }

    private double compute(INDArray prediction, INDArray target, INDArray gradient) {
        Matrix z = Matrix.of(prediction, "prediction");
        Matrix y = Matrix.of(target, "target");
        Matrix g = gradient == null ? null : Matrix.of(gradient, "gradient");
        if (classWeights == null) {
            return LossKernels.softmaxCrossEntropy(z, y, g);
        }
        if (classWeights.length != z.cols()) {
            throw new IllegalArgumentException("the loss has " + classWeights.length + " class weights but the network "
                    + "outputs " + z.cols() + " classes");
        }
        return LossKernels.weightedSoftmaxCrossEntropy(z, y, g, classWeights);
    }

    @Override
    public void checkTargets(INDArray target, String argName) {
        TargetChecks.requireDistributionRows(Matrix.of(target, argName), argName, name());
    }

    @Override
    public void link(INDArray output) {
        Activation.softmax().forward(output, output);
    }

    /** The kind the model file writes: {@code softmax_crossentropy}, no settings (class weights are not kept). */
    public static final Kind<SoftmaxCrossEntropy> KIND =
            Kind.of("softmax_crossentropy", s -> new SoftmaxCrossEntropy());

    /** {@link #KIND}'s spec, with the class weights (a training setting the file does not keep) if set. */
    @Override
    public Spec spec() {
        return classWeights == null ? KIND.spec() : KIND.spec().with("class_weights", classWeights);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftmaxCrossEntropy s && Arrays.equals(s.classWeights, classWeights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(classWeights);
    }

    @Override
    public String toString() {
        return classWeights == null ? name() : name() + Arrays.toString(classWeights);
    }

    /**
     * The reference in float64 over m rows of logits z, class weights w (all 1 unless set):
     * {@code J = (1/m) Σ_rows Σ_c w_c y_c (log Σ_k e^{z_k} - z_c)},
     * {@code dJ/dz = ((Σ_c w_c y_c) softmax(z) - w ⊙ y) / m}.
     */
    double reference(double[][] logits, double[][] target, double[][] gradient) {
        int m = logits.length;
        double j = 0;
        for (int r = 0; r < m; r++) {
            int k = logits[r].length;
            double max = java.util.Arrays.stream(logits[r]).max().orElseThrow();
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(logits[r][c] - max);
            }
            double logSum = max + Math.log(sum);
            double rowWeight = 0;
            for (int c = 0; c < k; c++) {
                double w = classWeights == null ? 1 : classWeights[c];
                rowWeight += w * target[r][c];
                j += w * target[r][c] * (logSum - logits[r][c]) / m;
            }
            for (int c = 0; c < k; c++) {
                double w = classWeights == null ? 1 : classWeights[c];
                gradient[r][c] = (rowWeight * Math.exp(logits[r][c] - logSum) - w * target[r][c]) / m;
            }
        }
        return j;
    }
}
