package org.nnj.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.SparseSoftmax;

/**
 * Softmax cross-entropy on logits with integer class targets (Keras's
 * {@code SparseCategoricalCrossentropy(from_logits=True)}, PyTorch's {@code CrossEntropyLoss} with
 * class indices), per example or per step of a sequence.
 *
 * <p>The network outputs {@code steps * classes} logits per example (step t's classes at columns
 * {@code t * classes ..}, time-major, as {@link org.nnj.layers.SequenceShape} lays rows out; one step
 * for a plain classifier) and the target holds one class id per step: batch x steps, so its width is
 * {@link #targetWidth(int) outputSize / classes}. With the steps s that count (target not the ignore
 * id, PyTorch's {@code ignore_index}), their number {@code n} and {@code p = softmax(z_s)} per step:
 * <ul>
 *   <li>{@code J = (1/n) Σ_s -log p_s[target_s] = (1/n) Σ_s (log Σ_k e^{z_{s,k}} - z_{s,target_s})};</li>
 *   <li>{@code dJ/dz_s = (p_s - onehot(target_s)) / n} on counted steps, 0 on ignored ones;</li>
 *   <li>{@code J = 0} and {@code dJ/dz = 0} when no step counts (PyTorch gives NaN).</li>
 * </ul>
 * With one step and no ignore id this is {@link SoftmaxCrossEntropy} on the one-hot targets, divided by
 * the batch size as every loss here is. {@code predict}'s {@link #link} applies the softmax per step.
 *
 * <p>The ignore id is a training setting: the model file keeps the number of classes, not the ignore
 * id (as {@link SoftmaxCrossEntropy} does not keep class weights); set it again after loading.
 */
public final class SparseSoftmaxCrossEntropy implements Loss {
    private static final int NONE = Integer.MIN_VALUE;

    private final int classes;
    private final int ignoreId;

    /** Targets are class ids in {@code [0, classes)} ({@code classes >= 2}), none ignored. */
    public SparseSoftmaxCrossEntropy(int classes) {
        this(classes, NONE);
    }

    private SparseSoftmaxCrossEntropy(int classes, int ignoreId) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes is " + classes + "; a softmax over fewer than 2 classes is the"
                    + " constant 1 and cannot learn (for two classes use 2, or BinaryCrossEntropy.fromLogits())");
        }
        this.classes = classes;
        this.ignoreId = ignoreId;
    }

    /**
     * The same loss, where steps whose target is {@code id} count for nothing (no loss, no gradient, not
     * in the mean): PyTorch's {@code ignore_index} (its default is -100), for padded target sequences.
     */
    public SparseSoftmaxCrossEntropy ignoring(int id) {
        if (id == NONE) {
            throw new IllegalArgumentException("the ignore id cannot be " + NONE);
        }
        return new SparseSoftmaxCrossEntropy(classes, id);
    }

    public int classes() {
        return classes;
    }

    /** True if an ignore id is set. */
    public boolean ignores() {
        return ignoreId != NONE;
    }

    /** The ignore id; only meaningful when {@link #ignores()}. */
    public int ignoreId() {
        return ignoreId;
    }

    @Override
    public String name() {
        return "sparse_softmax_crossentropy";
    }

    /** One class id per step: {@code outputSize / classes}, refused if the output is not whole steps. */
    @Override
    public int targetWidth(int outputSize) {
        if (outputSize % classes != 0) {
            throw new IllegalArgumentException("the network outputs " + outputSize + " values, which is not a whole"
                    + " number of steps of " + classes + " classes for " + name() + "; the last layer must output"
                    + " steps * classes logits (make classes " + classes + " divide it)");
        }
        return outputSize / classes;
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
        if (y.rows() != z.rows() || (long) y.cols() * classes != z.cols()) {
            throw new IllegalArgumentException(name() + " with " + classes + " classes needs targets of shape [batch, "
                    + z.cols() / Math.max(1, classes) + "] (one class id per step) for predictions " + z.describe()
                    + ", got " + y.describe());
        }
        return SparseSoftmax.crossEntropy(z, y, gradient == null ? null : Matrix.of(gradient, "gradient"), ignoreId);
    }

    /** Targets are integers in {@code [0, classes)}, or the ignore id. */
    @Override
    public void checkTargets(INDArray target, String argName) {
        Matrix y = Matrix.of(target, argName);
        for (int i = 0; i < y.size(); i++) {
            double v = y.get(i);
            if (v != ignoreId && !(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException(argName + " has " + v + " at row " + i / y.cols() + ", column "
                        + i % y.cols() + "; " + name() + " needs class ids, integers in [0, " + classes + ")"
                        + (ignores() ? ", or the ignore id " + ignoreId : "")
                        + " (one id per step, not one-hot rows)");
            }
        }
    }

    /** Softmax over each step's classes, so that {@code predict} returns class probabilities per step. */
    @Override
    public void link(INDArray output) {
        SparseSoftmax.softmaxPerStep(Matrix.of(output, "output"), classes);
    }

    /**
     * The fraction of counted steps (target not the ignore id) whose most probable class (the first
     * largest) is the target: accuracy for integer targets, which {@code Evaluation} (one-hot labels)
     * does not read. {@code output} is batch x (steps * classes), from {@code predict} or raw logits.
     * NaN if no step counts.
     */
    public double accuracy(INDArray output, INDArray target) {
        Matrix z = Matrix.of(output, "output");
        Matrix y = Matrix.of(target, "target");
        checkTargets(target, "target");
        int right = 0;
        int count = 0;
        for (int s = 0; s < y.size(); s++) {
            if (y.get(s) == ignoreId) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z.get(s * classes + c) > z.get(s * classes + best)) {
                    best = c;
                }
            }
            count++;
            right += best == (int) y.get(s) ? 1 : 0;
        }
        return count == 0 ? Double.NaN : (double) right / count;
    }

    /** The kind the model file writes: {@code sparse_softmax_crossentropy:classes} (the ignore id is not kept). */
    public static final Kind<SparseSoftmaxCrossEntropy> KIND = Kind.of(
            "sparse_softmax_crossentropy",
            s -> new SparseSoftmaxCrossEntropy((int) s.doubleValue("classes")),
            Field.real("classes"));

    /** {@link #KIND}'s spec, with the ignore id (a training setting the file does not keep) if set. */
    @Override
    public Spec spec() {
        Spec s = KIND.spec((double) classes);
        return ignores() ? s.with("ignore_id", ignoreId) : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseSoftmaxCrossEntropy s && s.classes == classes && s.ignoreId == ignoreId;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {classes, ignoreId});
    }

    @Override
    public String toString() {
        return name() + "(" + classes + (ignores() ? ", ignoring " + ignoreId : "") + ")";
    }

    /**
     * The reference in float64: logits z (batch x steps*classes), targets (batch x steps), as the class
     * documents; fills {@code gradient} and returns J.
     */
    double reference(double[][] logits, double[][] target, double[][] gradient) {
        int count = 0;
        for (double[] row : target) {
            for (double t : row) {
                count += t == ignoreId ? 0 : 1;
            }
        }
        double j = 0;
        for (int r = 0; r < logits.length; r++) {
            for (int s = 0; s < target[r].length; s++) {
                int o = s * classes;
                if (target[r][s] == ignoreId) {
                    for (int c = 0; c < classes; c++) {
                        gradient[r][o + c] = 0;
                    }
                    continue;
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(logits[r][o + c]);
                }
                int id = (int) target[r][s];
                j += (Math.log(sum) - logits[r][o + id]) / count;
                for (int c = 0; c < classes; c++) {
                    gradient[r][o + c] = (Math.exp(logits[r][o + c]) / sum - (c == id ? 1 : 0)) / count;
                }
            }
        }
        return j;
    }
}
