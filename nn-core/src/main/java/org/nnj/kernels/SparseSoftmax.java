package org.nnj.kernels;

/**
 * Softmax cross-entropy on integer class targets, per step: logits z are batch x (steps * classes)
 * (step t's classes at columns {@code t * classes ..}), targets are batch x steps, one class id (or
 * the ignore id) per step. {@code J = (1/count) Σ_{counted steps} (log Σ_k e^{z_k} - z_target)} and
 * {@code dJ/dz = (softmax(z) - onehot(target)) / count} on counted steps, 0 on ignored ones; J = 0
 * and the gradient is 0 when no step counts.
 */
public final class SparseSoftmax {
    private SparseSoftmax() {}

    /** The number of steps whose target is not {@code ignoreId}. */
    public static int counted(Matrix target, int ignoreId) {
        int count = 0;
        for (int i = 0; i < target.size(); i++) {
            if (target.get(i) != ignoreId) {
                count++;
            }
        }
        return count;
    }

    /** J, writing dJ/dz into {@code gradient} unless it is null. Targets are assumed valid. */
    public static double crossEntropy(Matrix z, Matrix target, Matrix gradient, int ignoreId) {
        int steps = target.size();
        int classes = z.size() / steps;
        int count = counted(target, ignoreId);
        double scale = count == 0 ? 0 : 1.0 / count;
        double[] v = Scratch.doubles(0, classes);
        double j = 0;
        for (int s = 0; s < steps; s++) {
            int o = s * classes;
            double t = target.get(s);
            if (t == ignoreId) {
                if (gradient != null) {
                    for (int c = 0; c < classes; c++) {
                        gradient.set(o + c, 0);
                    }
                }
                continue;
            }
            int id = (int) t;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                v[c] = z.get(o + c);
                max = Math.max(max, v[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                v[c] = Math.exp(v[c] - max);
                sum += v[c];
            }
            j += max + Math.log(sum) - z.get(o + id);
            if (gradient != null) {
                double inv = 1 / sum;
                for (int c = 0; c < classes; c++) {
                    gradient.set(o + c, (v[c] * inv - (c == id ? 1 : 0)) * scale);
                }
            }
        }
        return j * scale;
    }

    /** Softmax over each step's {@code classes} columns, in place. */
    public static void softmaxPerStep(Matrix z, int classes) {
        int steps = z.size() / classes;
        for (int s = 0; s < steps; s++) {
            int o = s * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z.get(o + c));
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z.get(o + c) - max);
            }
            for (int c = 0; c < classes; c++) {
                z.set(o + c, Math.exp(z.get(o + c) - max) / sum);
            }
        }
    }
}
