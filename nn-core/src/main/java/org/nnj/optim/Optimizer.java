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
 * <p><b>One pass, guarded.</b> Each parameter streams through the step a cache-sized chunk at a time:
 * its gradient chunk is screened for NaN and infinity, L2 and weight decay are applied, the rule
 * ({@link #update}) runs on heap arrays (SIMD code for float32), the new values are screened, and
 * only then written back, while the old values go to a heap copy. If a gradient or a new value is
 * not finite, everything written so far is put back and {@link NonFiniteUpdateException} is thrown:
 * the parameters are exactly those from before the call (the state of the chunks already updated
 * is not rolled back). Gradients are not modified. Per-parameter state (velocity, moment estimates)
 * and the copy are heap arrays allocated on the first step and reused, so steps allocate nothing
 * after.
 *
 * <p>Configuration is immutable: {@code withSchedule}, {@code withL2}, {@code withWeightDecay} and
 * {@code withGradientClipping} return a new optimizer with fresh state. One optimizer instance
 * should drive one network.
 */
public abstract class Optimizer {
    /** Elements per chunk: a parameter streams through the rule this many at a time, in cache. */
    static final int CHUNK = 2048;

    private final Settings settings;
    private final Map<INDArray, Slots> slots = new IdentityHashMap<>();
    private final float[][] floats = new float[3][CHUNK];
    private final double[][] doubles = new double[3][CHUNK];
    private long steps;

    /**
     * A parameter's state and the heap copy of its values before the step in progress, both cut into
     * chunks ({@code f[chunk][slot]}, {@code fBefore[chunk]}), so that every loop indexes from 0.
     */
    private record Slots(float[][][] f, float[][] fBefore, double[][][] d, double[][] dBefore) {}

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

    /**
     * Applies one update to every parameter, using the gradients its last backward pass left.
     *
     * @throws NonFiniteUpdateException if a gradient or a new value is NaN or infinite; the parameters
     *     then keep their values and the step count does not advance
     */
    public final void step(List<Parameter> parameters) {
        double lr = currentLearningRate();
        long t = steps + 1;
        double clip = settings.clipNorm() > 0 ? clipScale(parameters, settings.clipNorm()) : 1;
        double decay = 1 - lr * settings.weightDecay();
        for (int i = 0, n = parameters.size(); i < n; i++) {
            try {
                update(parameters.get(i), lr, t, clip, decay);
            } catch (NonFiniteUpdateException e) {
                for (int j = 0; j < i; j++) { // the parameters before i were written whole
                    Matrix value = Matrix.of(parameters.get(j).value(), "parameter");
                    restore(value, slots.get(value.array()), value.size());
                }
                throw e;
            }
        }
        steps = t;
    }

    /** One parameter, chunk by chunk; on a non-finite gradient or value, puts back what it wrote and throws. */
    private void update(Parameter p, double lr, long t, double clip, double decay) {
        Matrix value = Matrix.of(p.value(), "parameter");
        Matrix grad = Matrix.of(p.gradient(), "gradient");
        Slots s = slotsOf(value);
        double l2 = settings.l2();
        int n = value.size();
        for (int c = 0, at = 0; at < n; c++, at += CHUNK) {
            int len = Math.min(CHUNK, n - at);
            boolean finite = value.isDouble()
                    ? chunk(value, grad, s.dBefore()[c], s.d()[c], at, len, lr, t, clip, l2, decay)
                    : chunk(value, grad, s.fBefore()[c], s.f()[c], at, len, lr, t, clip, l2, decay);
            if (!finite) {
                restore(value, s, at);
                boolean badGradient = Reductions.firstNonFinite(grad) >= 0;
                throw new NonFiniteUpdateException(p.name(), badGradient);
            }
        }
    }

    /** Elements [at, at + len) of a float32 parameter; false (nothing written) if not finite. */
    private boolean chunk(
            Matrix value,
            Matrix grad,
            float[] before,
            float[][] state,
            int at,
            int len,
            double lr,
            long t,
            double clip,
            double l2,
            double decay) {
        float[] g = floats[0];
        float[] in = floats[1];
        float[] out = floats[2];
        grad.load(at, g, 0, len);
        value.load(at, in, 0, len);
        System.arraycopy(in, 0, before, 0, len);
        if (clip != 1 || l2 != 0 || decay != 1) {
            Elementwise.penalize(in, g, len, clip, l2, decay);
        }
        if (!Float.isFinite(Reductions.maxAbs(g, len))) {
            return false;
        }
        update(in, g, out, len, state, lr, t);
        if (!Float.isFinite(Reductions.maxAbs(out, len))) {
            return false;
        }
        value.store(at, out, 0, len);
        return true;
    }

    /** The same for a float64 parameter. */
    private boolean chunk(
            Matrix value,
            Matrix grad,
            double[] before,
            double[][] state,
            int at,
            int len,
            double lr,
            long t,
            double clip,
            double l2,
            double decay) {
        double[] g = doubles[0];
        double[] in = doubles[1];
        double[] out = doubles[2];
        grad.load(at, g, 0, len);
        value.load(at, in, 0, len);
        System.arraycopy(in, 0, before, 0, len);
        if (clip != 1 || l2 != 0 || decay != 1) {
            Elementwise.penalize(in, g, len, clip, l2, decay);
        }
        if (!Double.isFinite(Reductions.maxAbs(g, len))) {
            return false;
        }
        update(in, g, out, len, state, lr, t);
        if (!Double.isFinite(Reductions.maxAbs(out, len))) {
            return false;
        }
        value.store(at, out, 0, len);
        return true;
    }

    /** Writes elements [0, count) of the heap copy back into the parameter (count a multiple of CHUNK or all). */
    private static void restore(Matrix value, Slots s, int count) {
        for (int c = 0, at = 0; at < count; c++, at += CHUNK) {
            int len = Math.min(CHUNK, count - at);
            if (value.isDouble()) {
                value.store(at, s.dBefore()[c], 0, len);
            } else {
                value.store(at, s.fBefore()[c], 0, len);
            }
        }
    }

    private Slots slotsOf(Matrix value) {
        Slots s = slots.get(value.array());
        if (s == null) {
            int chunks = (value.size() + CHUNK - 1) / CHUNK;
            boolean d = value.isDouble();
            s = new Slots(
                    d ? null : new float[chunks][stateSlots()][CHUNK],
                    d ? null : new float[chunks][CHUNK],
                    d ? new double[chunks][stateSlots()][CHUNK] : null,
                    d ? new double[chunks][CHUNK] : null);
            slots.put(value.array(), s);
        }
        return s;
    }

    /** {@code min(1, maxNorm / ‖g‖)} over all gradients, or NaN if a gradient is not finite. */
    static double clipScale(List<Parameter> parameters, double maxNorm) {
        double sq = 0;
        for (int i = 0, n = parameters.size(); i < n; i++) {
            sq += Reductions.sumOfSquares(Matrix.of(parameters.get(i).gradient(), "gradient"));
        }
        double norm = Math.sqrt(sq);
        return norm > maxNorm ? maxNorm / norm : Double.isFinite(norm) ? 1 : Double.NaN;
    }

    /** How many state tensors of the parameter's shape the rule keeps (0 for SGD, 2 for Adam). */
    protected abstract int stateSlots();

    /**
     * The optimizer's rule on one chunk of a float32 parameter: for i in {@code [0, n)}, {@code out[i]}
     * gets the new value of the element with value {@code p[i]} and gradient {@code g[i]} (after
     * clipping and L2), and each {@code state[k]} (this chunk's slice of state k, zero before the first
     * step) is updated at i.
     *
     * @param lr η_t
     * @param t  the step number, from 1
     */
    protected abstract void update(float[] p, float[] g, float[] out, int n, float[][] state, double lr, long t);

    /** The same rule for a float64 parameter. */
    protected abstract void update(double[] p, double[] g, double[] out, int n, double[][] state, double lr, long t);

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
