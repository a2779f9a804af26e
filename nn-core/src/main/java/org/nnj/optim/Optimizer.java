package org.nnj.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;
import org.nnj.layers.Parameter;

/**
 * Updates parameters from their gradients, and from nothing else: an optimizer never computes a
 * gradient, in the spirit of PyTorch's {@code torch.optim}.
 *
 * <p>One {@link #step} does, for step number t = 1, 2, ... and rate {@code η_t = schedule(η, t - 1)}:
 * <ol>
 *   <li>clip: if {@code clipNorm > 0} and the global norm of all gradients exceeds it, scale them all
 *       by {@code clipNorm / ‖g‖};</li>
 *   <li>L2 penalty: {@code g ← g + λ_2 θ};</li>
 *   <li>decoupled weight decay: {@code θ ← θ - η_t λ_wd θ};</li>
 *   <li>the optimizer's own rule ({@link #update}).</li>
 * </ol>
 * Gradients are modified in place (they are scratch for this step). Per-parameter state (velocity,
 * moment estimates) is allocated on the first step and reused, so steps allocate nothing after.
 *
 * <p>Configuration is immutable: {@code withSchedule}, {@code withL2}, {@code withWeightDecay} and
 * {@code withGradientClipping} return a new optimizer with fresh state. One optimizer instance
 * should drive one network.
 */
public abstract class Optimizer {
    private final Settings settings;
    private final Map<INDArray, INDArray[]> state = new IdentityHashMap<>();
    private long steps;

    protected Optimizer(Settings settings) {
        this.settings = settings;
    }

    public final Settings settings() {
        return settings;
    }

    /** Steps taken so far. */
    public final long steps() {
        return steps;
    }

    /** The rate the next step will use. */
    public final double currentLearningRate() {
        return settings.schedule().rate(settings.learningRate(), steps);
    }

    /** Applies one update to every parameter, using the gradients its last backward pass left. */
    public final void step(List<Parameter> parameters) {
        double lr = currentLearningRate();
        steps++;
        if (settings.clipNorm() > 0) {
            clipByGlobalNorm(parameters, settings.clipNorm());
        }
        for (int i = 0, n = parameters.size(); i < n; i++) {
            Parameter p = parameters.get(i);
            Matrix value = Matrix.of(p.value(), p.name());
            Matrix grad = Matrix.of(p.gradient(), "gradient");
            if (settings.l2() > 0) {
                Elementwise.axpy(settings.l2(), value, grad);
            }
            if (settings.weightDecay() > 0) {
                Elementwise.scale(value, 1 - lr * settings.weightDecay());
            }
            update(p.value(), p.gradient(), stateOf(value), lr, steps);
        }
    }

    private INDArray[] stateOf(Matrix value) {
        INDArray[] s = state.get(value.array());
        if (s == null) {
            s = new INDArray[stateSlots()];
            for (int i = 0; i < s.length; i++) {
                s[i] = Matrix.allocate(value.type(), value.rows(), value.cols()).array();
            }
            state.put(value.array(), s);
        }
        return s;
    }

    static void clipByGlobalNorm(List<Parameter> parameters, double maxNorm) {
        double sq = 0;
        for (int i = 0, n = parameters.size(); i < n; i++) {
            sq += Reductions.sumOfSquares(Matrix.of(parameters.get(i).gradient(), "gradient"));
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int i = 0, n = parameters.size(); i < n; i++) {
                Elementwise.scale(Matrix.of(parameters.get(i).gradient(), "gradient"), scale);
            }
        }
    }

    /** How many state tensors of the parameter's shape the rule keeps (0 for SGD, 2 for Adam). */
    protected abstract int stateSlots();

    /**
     * The optimizer's rule for one parameter.
     *
     * @param value the parameter θ, updated in place
     * @param grad  its gradient g (after clipping and L2)
     * @param state {@link #stateSlots()} tensors of θ's shape, zero on the first step
     * @param lr    η_t
     * @param t     the step number, from 1
     */
    protected abstract void update(INDArray value, INDArray grad, INDArray[] state, double lr, long t);

    /** The library's view of an array passed to {@link #update}, for the rules in {@code kernels.Updates}. */
    static Matrix view(INDArray a) {
        return Matrix.of(a, "parameter");
    }

    /** A new optimizer of the same kind and hyper-parameters with other settings. */
    protected abstract Optimizer with(Settings settings);

    /** The same optimizer with a learning-rate schedule. */
    public Optimizer withSchedule(LearningRateSchedule schedule) {
        return with(settings.withSchedule(schedule));
    }

    /** The same optimizer with an L2 penalty λ (adds λθ to every gradient). */
    public Optimizer withL2(double lambda) {
        return with(settings.withL2(lambda));
    }

    /** The same optimizer with decoupled weight decay λ ({@code θ ← θ - η_t λ θ} each step). */
    public Optimizer withWeightDecay(double lambda) {
        return with(settings.withWeightDecay(lambda));
    }

    /** The same optimizer, clipping gradients to a global norm of at most {@code maxNorm}. */
    public Optimizer withGradientClipping(double maxNorm) {
        if (!Double.isFinite(maxNorm) || maxNorm <= 0) {
            throw new IllegalArgumentException("maxNorm must be finite and > 0, got " + maxNorm);
        }
        return with(settings.withClipNorm(maxNorm));
    }
}
