package org.nnj.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;
import org.nnj.kernels.SecondCore;
import org.nnj.layers.Parameter;

/**
 * Updates parameters from their gradients, and from nothing else: an optimizer never computes a
 * gradient, in the spirit of PyTorch's {@code torch.optim}.
 *
 * <p>One {@link #step} does, for step number t = 1, 2, ... and rate {@code η_t = schedule(η, t - 1)},
 * which must be finite and > 0 ({@link #checkNextStep}):
 * <ol>
 *   <li>clip: if {@code clipNorm > 0} and the global norm of all gradients exceeds it, scale them all
 *       by {@code clipNorm / ‖g‖};</li>
 *   <li>L1 and L2 penalties: {@code g ← g + λ_1 sign(θ) + λ_2 θ};</li>
 *   <li>decoupled weight decay: {@code θ ← θ - η_t λ_wd θ = (1 - η_t λ_wd) θ}, with {@code η_t λ_wd < 1};</li>
 *   <li>the optimizer's own rule ({@link #update}).</li>
 * </ol>
 * <p><b>Guarded, in one pass.</b> Each parameter streams through the rule a cache-sized chunk at a
 * time: its old values are copied to the heap (the rollback copy), L2 and weight decay are applied,
 * the rule ({@link #update}) runs on heap arrays (SIMD code for float32) reading the current state
 * and writing the next, and the new values are written back and screened for NaN and infinity (a
 * gradient that is not finite makes them so). If one is not finite, every parameter is put back and
 * {@link NonFiniteUpdateException} is thrown: parameters, state and step count are exactly as
 * before the call. The chunks are independent, so a step over at least {@value #PARALLEL_FROM}
 * values shares them with a second core ({@link SecondCore}): whichever thread is free takes the
 * next chunk, and the result is the same value for value. Gradients are not modified. State (current and next)
 * and the copy are heap arrays allocated on the first step and reused, so steps allocate nothing
 * after.
 *
 * <p>Configuration is immutable: {@code withSchedule}, {@code withL2}, {@code withWeightDecay} and
 * {@code withGradientClipping} return a new optimizer with fresh state. One optimizer instance drives
 * one network: its first step binds it to the parameter tensors it updates (its step count, Adam's
 * bias correction and a schedule's position are theirs), and a step on other tensors is refused with
 * an {@link IllegalArgumentException}; {@link #fresh} gives a new optimizer of the same settings.
 */
public abstract class Optimizer {
    /** Elements per chunk: a parameter streams through the rule this many at a time, in cache. */
    static final int CHUNK = 2048;

    private final Settings settings;
    private final Map<INDArray, Slots> slots = new IdentityHashMap<>();
    /** The slots of the last parameter list stepped, in its order (a network passes the same list each step). */
    private List<Parameter> cachedList;

    private Slots[] cachedSlots;

    private INDArray[] cachedValues;

    /** Values in a step from which its chunks are shared with a second core. */
    static final int PARALLEL_FROM = 32768;

    /** Whether steps may use the second core (false: every chunk on the calling thread; for tests). */
    static boolean useSecondCore = true;

    /** One thread's heap arrays for the chunk in progress, and its screen's lanes. */
    private static final class Lane {
        final float[][] floats = new float[2][CHUNK];
        final double[][] doubles = new double[2][CHUNK];
        /** The screen's lanes ({@link Reductions#flagNonFinite}), over every chunk the thread did. */
        final float[] floatFlags = new float[CHUNK];

        final double[] doubleFlags = new double[CHUNK];
    }

    /** The calling thread's lane and the second core's. */
    private final Lane[] lanes = {new Lane(), new Lane()};

    /** The chunks of the cached list: chunk k is chunk {@code taskChunk[k]} of parameter {@code taskParameter[k]}. */
    private int[] taskParameter;

    private int[] taskChunk;
    /** Lanes the screen uses: {@code min(CHUNK, largest parameter)}. */
    private int width;

    private boolean anyFloat;
    private boolean anyDouble;
    /** Values in the cached list's parameters. */
    private long totalValues;
    /** The step in progress, for {@link #chunks}: its matrices, slots, thread and numbers. */
    private Matrix[] values = new Matrix[0];

    private Matrix[] grads = new Matrix[0];
    private Slots[] stepSlots;
    private Thread stepThread;
    private double stepLr;
    private double stepClip;
    private double stepDecay;
    private long stepT;
    /** Set by {@link #chunks} when a new value of the step is not finite. */
    private volatile boolean nonFinite;

    private long steps;
    /**
     * The parameter tensors of the first step, in order: the optimizer is bound to them, since its step
     * count and state are theirs (null before the first step).
     */
    private INDArray[] bound;

    private String boundNames;
    /** The parameters of the last step, which {@link #undoLastStep} can take back (null once it has). */
    private List<Parameter> lastStep;

    /**
     * A parameter's state, current and next ({@code f[chunk][slot]}, swapped when a step succeeds), and
     * the heap copy of its values before the step in progress ({@code fBefore[chunk]}), all cut into
     * chunks so that every loop indexes from 0. The float or the double arrays are used, by type.
     */
    private static final class Slots {
        float[][][] f;
        float[][][] fNext;
        double[][][] d;
        double[][][] dNext;
        float[][] fBefore;
        double[][] dBefore;

        void swap() {
            float[][][] t = f;
            f = fNext;
            fNext = t;
            double[][][] u = d;
            d = dNext;
            dNext = u;
        }
    }

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

    /** The rate the next step will use (unchecked: see {@link #checkNextStep}). */
    public final double currentLearningRate() {
        return settings.schedule().rate(settings.learningRate(), steps);
    }

    /**
     * Checks, before anything is computed or changed, that the next step can be taken on
     * {@code parameters}, and returns its rate {@code η_t = schedule(η, t - 1)}: η_t must be finite and
     * > 0 (a negative rate ascends, 0 freezes the parameters, NaN makes every value NaN), and with
     * decoupled weight decay λ the factor {@code 1 - η_t λ} must be > 0, that is {@code η_t λ < 1}
     * (checked at each step, since a schedule changes η_t; a factor below 0 flips every weight's sign). {@link #step}
     * calls it first; {@code Network.trainStep} calls it before its forward pass, so a refused step
     * leaves the network (its batch normalization statistics too) as it was.
     *
     * @throws IllegalArgumentException naming the schedule, the step and the rate; the parameters, the
     *     state and the step count are unchanged
     */
    public final double checkNextStep(List<Parameter> parameters) {
        Require.notNull(parameters, "parameters");
        if (isBoundToOther(parameters)) {
            throw new IllegalArgumentException("parameters: this optimizer (" + this + ") was first stepped on "
                    + boundNames + " and its step count (" + steps + ") and state belong to them, but it is given "
                    + names(parameters) + ": create a new optimizer for another network (fresh() gives one with"
                    + " the same settings)");
        }
        double lr = currentLearningRate();
        if (!(Double.isFinite(lr) && lr > 0)) {
            throw new IllegalArgumentException("the learning-rate schedule " + settings.schedule() + " gives rate "
                    + lr + " at step " + steps + " (base rate " + settings.learningRate() + "): a rate must be finite"
                    + " and > 0 (a negative rate ascends, 0 freezes the parameters); fix the schedule");
        }
        double decay = settings.weightDecay();
        if (lr * decay >= 1) {
            throw new IllegalArgumentException(
                    "weightDecay " + decay + " with learning rate " + lr + " at step " + steps
                            + ": the decay factor 1 - learningRate * weightDecay = " + (1 - lr * decay)
                            + " is not > 0 (the weights would " + (lr * decay > 1 ? "flip sign" : "become 0")
                            + "); use learningRate * weightDecay < 1, such as weightDecay < " + (1 / lr));
        }
        return lr;
    }

    /**
     * Applies one update to every parameter, using the gradients its last backward pass left.
     *
     * @throws NonFiniteUpdateException if a gradient or a new value is NaN or infinite; the parameters,
     *     the optimizer's state and its step count are then as they were before the call
     * @throws IllegalArgumentException if the step cannot be taken ({@link #checkNextStep}); nothing is
     *     changed
     */
    public final void step(List<Parameter> parameters) {
        double lr = checkNextStep(parameters);
        long t = steps + 1;
        double clip = settings.clipNorm() > 0 ? clipScale(parameters, settings.clipNorm()) : 1;
        Slots[] all = slotsOf(parameters);
        int n = parameters.size();
        for (int i = 0; i < n; i++) {
            values[i] = Matrix.of(parameters.get(i).value(), "parameter");
            grads[i] = Matrix.of(parameters.get(i).gradient(), "gradient");
        }
        stepSlots = all;
        stepThread = Thread.currentThread();
        stepLr = lr;
        stepClip = clip;
        stepDecay = 1 - lr * settings.weightDecay();
        stepT = t;
        nonFinite = false;
        if (useSecondCore && totalValues >= PARALLEL_FROM) {
            chunks.runAll(taskParameter.length);
        } else {
            chunks.runHere(taskParameter.length);
        }
        if (nonFinite) {
            refuse(parameters, all);
        }
        for (Slots s : all) {
            s.swap();
        }
        steps = t;
        lastStep = parameters;
        if (bound == null) {
            bound = parameters.stream().map(Parameter::value).toArray(INDArray[]::new);
            boundNames = names(parameters);
        }
    }

    /**
     * Whether this optimizer has stepped other parameter tensors than {@code parameters} holds (in
     * order), so that it refuses to step them: false before its first step and for the tensors of its
     * first step.
     */
    public final boolean isBoundToOther(List<Parameter> parameters) {
        if (bound == null) {
            return false;
        }
        if (parameters.size() != bound.length) {
            return true;
        }
        for (int i = 0; i < bound.length; i++) {
            if (parameters.get(i).value() != bound[i]) {
                return true;
            }
        }
        return false;
    }

    /** "the 4 parameters [layer0.weight, ...]" (the first few names), for messages. */
    private static String names(List<Parameter> parameters) {
        int n = parameters.size();
        StringBuilder sb = new StringBuilder("the " + n + " parameter" + (n == 1 ? "" : "s") + " [");
        for (int i = 0; i < Math.min(n, 4); i++) {
            sb.append(i > 0 ? ", " : "").append(parameters.get(i).name());
        }
        return sb.append(n > 4 ? ", ...]" : "]").toString();
    }

    /**
     * A new optimizer of the same kind, hyper-parameters and settings, with no state and no step: for
     * another network, since an optimizer is bound to the parameters it first steps.
     */
    public Optimizer fresh() {
        return with(settings);
    }

    /**
     * The step's chunks as pieces, taken one at a time until none is left (on one thread or two at
     * once); each thread then reads its screen's lanes and sets {@link #nonFinite} if a value it
     * wrote was not finite.
     */
    private final SecondCore.Pieces chunks = new SecondCore.Pieces() {
        @Override
        protected void begin() {
            Lane lane = lane();
            if (anyFloat) {
                java.util.Arrays.fill(lane.floatFlags, 0, width, 0f);
            }
            if (anyDouble) {
                java.util.Arrays.fill(lane.doubleFlags, 0, width, 0.0);
            }
        }

        @Override
        protected void piece(int k) {
            int i = taskParameter[k];
            int c = taskChunk[k];
            Matrix value = values[i];
            Slots s = stepSlots[i];
            int at = c * CHUNK;
            int len = Math.min(CHUNK, value.size() - at);
            if (value.isDouble()) {
                chunk(lane(), value, grads[i], s.dBefore[c], s.d[c], s.dNext[c], at, len);
            } else {
                chunk(lane(), value, grads[i], s.fBefore[c], s.f[c], s.fNext[c], at, len);
            }
        }

        @Override
        protected void end() {
            Lane lane = lane();
            if (anyFloat && Reductions.anyNaN(lane.floatFlags, width)
                    || anyDouble && Reductions.anyNaN(lane.doubleFlags, width)) {
                nonFinite = true;
            }
        }
    };

    /** The calling thread's lane, or the second core's. */
    private Lane lane() {
        return Thread.currentThread() == stepThread ? lanes[0] : lanes[1];
    }

    /**
     * A new value was not finite: puts every parameter back and throws, naming the first parameter
     * (in the list's order) with a value that is not.
     */
    private void refuse(List<Parameter> parameters, Slots[] all) {
        String name = null;
        boolean gradient = false;
        for (int i = 0; i < parameters.size(); i++) {
            if (name == null && Reductions.firstNonFinite(values[i]) >= 0) {
                name = parameters.get(i).name();
                gradient = Reductions.firstNonFinite(grads[i]) >= 0;
            }
            restore(values[i], all[i], values[i].size());
        }
        // a flagged value is a stored value, so one is found; the fallback only guards the message
        throw new NonFiniteUpdateException(
                name != null ? name : parameters.get(0).name(), gradient);
    }

    /**
     * Takes back the last step, once: the parameters get the values they had before it (from the heap
     * copy) and the state and step count go back one step. For a network whose next forward pass
     * overflows: the parameters whose loss was last finite are restored. It assumes nothing else
     * changed the parameters since that step.
     *
     * @return false if there is no step to take back (none yet, already taken back, or another list)
     */
    public final boolean undoLastStep(List<Parameter> parameters) {
        if (lastStep == null || lastStep != parameters) {
            return false;
        }
        Slots[] all = slotsOf(parameters);
        for (int i = 0, n = parameters.size(); i < n; i++) {
            Matrix value = Matrix.of(parameters.get(i).value(), "parameter");
            restore(value, all[i], value.size());
            all[i].swap();
        }
        steps--;
        lastStep = null;
        return true;
    }

    /**
     * Elements [at, at + len) of a float32 parameter: the old values to {@code before}, the rule, the
     * new values flagged if not finite (a non-finite gradient makes them so) and written back.
     */
    private void chunk(
            Lane lane, Matrix value, Matrix grad, float[] before, float[][] state, float[][] next, int at, int len) {
        float[] g = lane.floats[0];
        float[] in = before;
        float[] out = lane.floats[1];
        double clip = stepClip;
        double l1 = settings.l1();
        double l2 = settings.l2();
        grad.load(at, g, 0, len);
        value.load(at, before, 0, len); // the old values: the rule's input and the rollback copy
        if (clip != 1 || l1 != 0 || l2 != 0) {
            Elementwise.penalize(in, g, len, clip, l1, l2);
        }
        update(in, g, out, len, state, next, stepLr, stepDecay, stepT);
        Reductions.flagNonFinite(lane.floatFlags, out, len);
        value.store(at, out, 0, len);
    }

    /** The same for a float64 parameter. */
    private void chunk(
            Lane lane, Matrix value, Matrix grad, double[] before, double[][] state, double[][] next, int at, int len) {
        double[] g = lane.doubles[0];
        double[] in = before;
        double[] out = lane.doubles[1];
        double clip = stepClip;
        double l1 = settings.l1();
        double l2 = settings.l2();
        grad.load(at, g, 0, len);
        value.load(at, before, 0, len);
        if (clip != 1 || l1 != 0 || l2 != 0) {
            Elementwise.penalize(in, g, len, clip, l1, l2);
        }
        update(in, g, out, len, state, next, stepLr, stepDecay, stepT);
        Reductions.flagNonFinite(lane.doubleFlags, out, len);
        value.store(at, out, 0, len);
    }

    /** Writes elements [0, count) of the heap copy back into the parameter. */
    private static void restore(Matrix value, Slots s, int count) {
        for (int c = 0, at = 0; at < count; c++, at += CHUNK) {
            int len = Math.min(CHUNK, count - at);
            if (value.isDouble()) {
                value.store(at, s.dBefore[c], 0, len);
            } else {
                value.store(at, s.fBefore[c], 0, len);
            }
        }
    }

    /**
     * The state of this optimizer for {@code parameters} (the list it steps), for a checkpoint: its
     * step count and each parameter's state slots as float64 (exact for float32 state). Before the
     * first step the slots are zeros.
     *
     * @throws IllegalArgumentException if it is bound to other parameters
     */
    public final OptimizerState state(List<Parameter> parameters) {
        Require.notNull(parameters, "parameters");
        if (isBoundToOther(parameters)) {
            throw new IllegalArgumentException(
                    "parameters: this optimizer steps " + boundNames + ", not " + names(parameters));
        }
        Slots[] all = slotsOf(parameters);
        int k = stateSlots();
        List<double[][]> out = new java.util.ArrayList<>(all.length);
        for (int i = 0; i < all.length; i++) {
            int n = parameters.get(i).size();
            double[][] v = new double[k][n];
            for (int c = 0, at = 0; at < n; c++, at += CHUNK) {
                int len = Math.min(CHUNK, n - at);
                for (int j = 0; j < k; j++) {
                    for (int e = 0; e < len; e++) {
                        v[j][at + e] = all[i].d != null ? all[i].d[c][j][e] : all[i].f[c][j][e];
                    }
                }
            }
            out.add(v);
        }
        return new OptimizerState(getClass().getSimpleName(), steps, out);
    }

    /**
     * Puts a saved {@link #state} into this optimizer, which must be new (no step taken) and of the
     * same kind, for the same parameters (count and sizes): its step count, and so its schedule's
     * position and Adam's bias correction, continue from the saved ones, and it is bound to them.
     *
     * @throws IllegalArgumentException naming what does not match; nothing is changed then
     */
    public final void restoreState(List<Parameter> parameters, OptimizerState state) {
        Require.notNull(parameters, "parameters");
        Require.notNull(state, "state");
        if (steps != 0 || bound != null) {
            throw new IllegalArgumentException(
                    "restoreState needs a new optimizer, but " + this + " has taken " + steps + " steps: use fresh()");
        }
        if (!state.optimizer().equals(getClass().getSimpleName())) {
            throw new IllegalArgumentException("the state is " + state.optimizer() + "'s, but this optimizer is "
                    + getClass().getSimpleName());
        }
        if (state.slots().size() != parameters.size()) {
            throw new IllegalArgumentException("the state is for "
                    + state.slots().size() + " parameters, but " + names(parameters) + " are given");
        }
        int k = stateSlots();
        for (int i = 0; i < parameters.size(); i++) {
            double[][] v = state.slots().get(i);
            int n = parameters.get(i).size();
            if (v.length != k || (k > 0 && v[0].length != n)) {
                throw new IllegalArgumentException("the state of parameter " + i + " ("
                        + parameters.get(i).name()
                        + ") has " + v.length + " slots of " + (v.length > 0 ? v[0].length : 0) + " values, but "
                        + getClass().getSimpleName() + " keeps " + k + " slots of " + n);
            }
            for (double[] slot : v) {
                for (double x : slot) {
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException(
                                "the state of " + parameters.get(i).name() + " holds a non-finite value (" + x + ")");
                    }
                }
            }
        }
        Slots[] all = slotsOf(parameters);
        for (int i = 0; i < all.length; i++) {
            double[][] v = state.slots().get(i);
            int n = parameters.get(i).size();
            for (int c = 0, at = 0; at < n; c++, at += CHUNK) {
                int len = Math.min(CHUNK, n - at);
                for (int j = 0; j < k; j++) {
                    for (int e = 0; e < len; e++) {
                        if (all[i].d != null) {
                            all[i].d[c][j][e] = v[j][at + e];
                        } else {
                            all[i].f[c][j][e] = (float) v[j][at + e];
                        }
                    }
                }
            }
        }
        steps = state.steps();
        lastStep = null;
        bound = parameters.stream().map(Parameter::value).toArray(INDArray[]::new);
        boundNames = names(parameters);
    }

    /** The slots of each parameter of the list, from the cache when it is the list of the last step. */
    private Slots[] slotsOf(List<Parameter> parameters) {
        if (!sameAsCached(parameters)) {
            requireHeapFor(parameters);
            Slots[] all = new Slots[parameters.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = slotsOf(Matrix.of(parameters.get(i).value(), "parameter"));
            }
            cachedList = parameters;
            cachedSlots = all;
            cachedValues = parameters.stream().map(Parameter::value).toArray(INDArray[]::new);
            tasksOf(parameters);
        }
        return cachedSlots;
    }

    /** The chunks of every parameter of the list, in order, and what the screen needs to know. */
    private void tasksOf(List<Parameter> parameters) {
        int count = 0;
        totalValues = 0;
        width = 0;
        anyFloat = false;
        anyDouble = false;
        for (Parameter p : parameters) {
            Matrix value = Matrix.of(p.value(), "parameter");
            count += (value.size() + CHUNK - 1) / CHUNK;
            totalValues += value.size();
            width = Math.max(width, Math.min(CHUNK, value.size()));
            anyFloat |= !value.isDouble();
            anyDouble |= value.isDouble();
        }
        taskParameter = new int[count];
        taskChunk = new int[count];
        for (int i = 0, k = 0; i < parameters.size(); i++) {
            int chunks = (Matrix.of(parameters.get(i).value(), "parameter").size() + CHUNK - 1) / CHUNK;
            for (int c = 0; c < chunks; c++, k++) {
                taskParameter[k] = i;
                taskChunk[k] = c;
            }
        }
        values = new Matrix[parameters.size()];
        grads = new Matrix[parameters.size()];
    }

    /** The cached list, with the same tensors in the same places (a mutable list could have changed). */
    private boolean sameAsCached(List<Parameter> parameters) {
        if (parameters != cachedList || cachedSlots.length != parameters.size()) {
            return false;
        }
        for (int i = 0; i < cachedSlots.length; i++) {
            if (parameters.get(i).value() != cachedValues[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses, before allocating any, state the Java heap cannot hold: per new parameter of n values
     * its k slots twice (current and next) and a rollback copy, (2k + 1) n values on the heap. The
     * network's own tensors are off-heap, checked when it is built.
     */
    private void requireHeapFor(List<Parameter> parameters) {
        long bytes = 0;
        long values = 0;
        for (Parameter p : parameters) {
            if (!slots.containsKey(p.value())) {
                long chunks = (p.size() + CHUNK - 1) / CHUNK;
                long perValue = p.value().dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? 8 : 4;
                bytes += (2L * stateSlots() + 1) * chunks * CHUNK * perValue;
                values += p.size();
            }
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            System.gc(); // garbage counts as used until collected
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        if (bytes > free) {
            throw new IllegalArgumentException(this + ": the optimizer's state for " + values + " parameter values"
                    + " needs " + (bytes >> 20) + " MiB of Java heap but " + (free >> 20) + " MiB are free (the heap"
                    + " is at most " + (rt.maxMemory() >> 20) + " MiB): use smaller layers or a larger -Xmx");
        }
    }

    private Slots slotsOf(Matrix value) {
        Slots s = slots.get(value.array());
        if (s == null) {
            int chunks = (value.size() + CHUNK - 1) / CHUNK;
            int k = stateSlots();
            s = new Slots();
            if (value.isDouble()) {
                s.d = new double[chunks][k][CHUNK];
                s.dNext = new double[chunks][k][CHUNK];
                s.dBefore = new double[chunks][CHUNK];
            } else {
                s.f = new float[chunks][k][CHUNK];
                s.fNext = new float[chunks][k][CHUNK];
                s.fBefore = new float[chunks][CHUNK];
            }
            slots.put(value.array(), s);
        }
        return s;
    }

    /**
     * {@code min(1, maxNorm / ‖g‖)} for the global norm of all gradients ({@code NaN} if one is not
     * finite, which then makes every new value NaN and the step is refused).
     */
    static double clipScale(List<Parameter> parameters, double maxNorm) {
        double sq = 0;
        for (int i = 0, n = parameters.size(); i < n; i++) {
            sq += Reductions.sumOfSquares(Matrix.of(parameters.get(i).gradient(), "gradient"));
        }
        double norm = Math.sqrt(sq);
        return norm > maxNorm ? maxNorm / norm : Double.isNaN(norm) ? Double.NaN : 1;
    }

    /** How many state tensors of the parameter's shape the rule keeps (0 for SGD, 2 for Adam). */
    protected abstract int stateSlots();

    /**
     * The optimizer's rule on one chunk of a float32 parameter: for i in {@code [0, n)}, {@code out[i]}
     * gets the new value of the element with value {@code p[i]} and gradient {@code g[i]} (after
     * clipping and L2), the parameter multiplied by {@code shrink} first (decoupled weight decay);
     * each state value is read from {@code state[k][i]} (zero before the first step)
     * and its next value written to {@code next[k][i]}.
     *
     * @param lr η_t
     * @param t  the step number, from 1
     */
    protected abstract void update(
            float[] p,
            float[] g,
            float[] out,
            int n,
            float[][] state,
            float[][] next,
            double lr,
            double shrink,
            long t);

    /** The same rule for a float64 parameter. */
    protected abstract void update(
            double[] p,
            double[] g,
            double[] out,
            int n,
            double[][] state,
            double[][] next,
            double lr,
            double shrink,
            long t);

    /** A new optimizer of the same kind and hyper-parameters with other settings. */
    protected abstract Optimizer with(Settings settings);

    /** The same optimizer with a learning-rate schedule. */
    public Optimizer withSchedule(LearningRateSchedule schedule) {
        return with(settings.withSchedule(schedule));
    }

    /** The same optimizer with an L1 penalty λ (adds {@code λ sign(θ)} to every gradient). */
    public Optimizer withL1(double lambda) {
        return with(settings.withL1(lambda));
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
