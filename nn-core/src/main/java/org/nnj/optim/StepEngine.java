package org.nnj.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;
import org.nnj.kernels.SecondCore;
import org.nnj.kernels.Updates;
import org.nnj.layers.Parameter;

/**
 * The guarded, chunked pass behind {@link Optimizer#step}, for one optimizer. Each parameter streams
 * through the rule a cache-sized chunk ({@value #CHUNK} values) at a time: its old values are copied
 * to the heap (the rollback copy), clipping and the L1 and L2 penalties are applied to the gradient,
 * the rule runs on heap arrays reading the current state and writing the next, and the new values are
 * written back and screened for NaN and infinity. If one is not finite, every parameter is put back
 * and {@link NonFiniteUpdateException} is thrown, with the state as it was. The chunks are
 * independent, so a step over at least {@value #PARALLEL_FROM} values shares them with a second core
 * ({@link SecondCore}); the result is the same value for value.
 *
 * <p>The rule is the optimizer's fast loops ({@link Optimizer#updates}, in {@code kernels}) or, with
 * {@link #reference} set, its per-element float64 reference ({@link Optimizer#reference}): the one
 * place where the two are chosen, like PyTorch's {@code foreach=}. State (current and next) and the
 * rollback copy are heap arrays allocated on the first step of a parameter list and reused: a step
 * allocates nothing after.
 */
final class StepEngine {
    /** Elements per chunk: a parameter streams through the rule this many at a time, in cache. */
    static final int CHUNK = 2048;

    /** Values in a step from which its chunks are shared with a second core. */
    static final int PARALLEL_FROM = 32768;

    /** Whether steps may use the second core (false: every chunk on the calling thread; for tests). */
    static boolean useSecondCore = true;

    private final Optimizer optimizer;
    private final Updates fast;
    /** State values per element. */
    private final int k;
    /** Whether the rule is the optimizer's float64 reference instead of its fast loops. */
    boolean reference;

    private final Map<INDArray, Slots> slots = new IdentityHashMap<>();
    /** The plan of the last list (a network passes the same list each step), or null. */
    private Plan plan;

    private final Step step = new Step();

    StepEngine(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.fast = optimizer.updates();
        this.k = fast.slots();
    }

    /**
     * Steps every parameter of the list with rate {@code lr}, gradient scale {@code clip} and
     * parameter factor {@code shrink}, at step number {@code t}, and makes the next state current.
     *
     * @throws NonFiniteUpdateException if a new value is not finite; everything is then put back
     */
    void step(List<Parameter> parameters, double lr, double clip, double shrink, long t) {
        step.take(planOf(parameters), parameters, lr, clip, shrink, t);
    }

    /** Puts the values from before the last step back and makes the state before it current. */
    void undo(List<Parameter> parameters) {
        Plan p = planOf(parameters);
        for (int i = 0; i < p.slots.length; i++) {
            p.slots[i].restore(Matrix.of(parameters.get(i).value(), "parameter"));
            p.slots[i].swap();
        }
    }

    /** Each parameter's state as float64, {@code [slot][element]} in row-major order (zeros before a step). */
    List<double[][]> read(List<Parameter> parameters) {
        Plan p = planOf(parameters);
        List<double[][]> out = new ArrayList<>(p.slots.length);
        for (int i = 0; i < p.slots.length; i++) {
            int n = parameters.get(i).size();
            double[][] v = new double[k][n];
            for (int j = 0; j < k; j++) {
                for (int e = 0; e < n; e++) {
                    v[j][e] = p.slots[i].get(j, e);
                }
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Makes {@code state} (one {@code [slot][element]} array per parameter, as {@link #read} gives)
     * current, after checking that it has this rule's slots, each of its parameter's size, and finite
     * values.
     *
     * @throws IllegalArgumentException naming what does not match; nothing is changed then
     */
    void write(List<Parameter> parameters, List<double[][]> state) {
        String kind = optimizer.getClass().getSimpleName();
        for (int i = 0; i < parameters.size(); i++) {
            double[][] v = state.get(i);
            String name = parameters.get(i).name();
            int n = parameters.get(i).size();
            if (v.length != k || Arrays.stream(v).anyMatch(slot -> slot.length != n)) {
                throw new IllegalArgumentException("the state of parameter " + i + " (" + name + ") has " + v.length
                        + " slots of " + (v.length > 0 ? v[0].length : 0) + " values, but " + kind + " keeps " + k
                        + " slots of " + n);
            }
            for (double[] slot : v) {
                for (double x : slot) {
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException(
                                "the state of " + name + " holds a non-finite value (" + x + ")");
                    }
                }
            }
        }
        Plan p = planOf(parameters);
        for (int i = 0; i < p.slots.length; i++) {
            double[][] v = state.get(i);
            for (int j = 0; j < k; j++) {
                for (int e = 0; e < p.slots[i].size; e++) {
                    p.slots[i].set(j, e, v[j][e]);
                }
            }
        }
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

    /** The plan of the list: the cached one if it is the last list, with the same tensors in the same places. */
    private Plan planOf(List<Parameter> parameters) {
        if (plan == null || !plan.isFor(parameters)) {
            requireHeapFor(parameters);
            Slots[] all = new Slots[parameters.size()];
            for (int i = 0; i < all.length; i++) {
                Matrix value = Matrix.of(parameters.get(i).value(), "parameter");
                all[i] = slots.computeIfAbsent(value.array(), a -> new Slots(value, k));
            }
            plan = new Plan(parameters, all);
        }
        return plan;
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
                long perValue = p.value().dataType() == DataType.DOUBLE ? 8 : 4;
                bytes += (2L * k + 1) * chunks * CHUNK * perValue;
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
            throw new IllegalArgumentException(optimizer + ": the optimizer's state for " + values
                    + " parameter values needs " + (bytes >> 20) + " MiB of Java heap but " + (free >> 20)
                    + " MiB are free (the heap is at most " + (rt.maxMemory() >> 20) + " MiB): use smaller"
                    + " layers or a larger -Xmx");
        }
    }

    /** One thread's heap arrays for the chunk in progress, and its screen's lanes. */
    private final class Lane {
        final float[][] floats = new float[2][CHUNK];
        final double[][] doubles = new double[2][CHUNK];
        /** The screen's lanes ({@link Reductions#flagNonFinite}), over every chunk the thread did. */
        final float[] floatFlags = new float[CHUNK];

        final double[] doubleFlags = new double[CHUNK];
        /** One element's state, for the reference. */
        final double[] state = new double[k];
    }

    /**
     * The step in progress, the one object that holds it: its plan, the parameters' and gradients'
     * views, the calling thread and the step's numbers. It is the job whose pieces are the plan's
     * chunks, taken one at a time until none is left (on one thread or two at once); each thread then
     * reads its screen's lanes and sets {@link #nonFinite} if a value it wrote was not finite.
     */
    private final class Step extends SecondCore.Pieces {
        private Plan plan;
        private Matrix[] values = new Matrix[0];
        private Matrix[] grads = new Matrix[0];
        private Thread caller;
        private double lr;
        private double clip;
        private double l1;
        private double l2;
        private double shrink;
        private long t;
        /** Whether the gradient is changed (clipped or penalized) before the rule. */
        private boolean penalize;

        private volatile boolean nonFinite;
        private Lane[] lanes;

        void take(Plan p, List<Parameter> parameters, double rate, double scale, double factor, long number) {
            int n = parameters.size();
            if (values.length != n) {
                values = new Matrix[n];
                grads = new Matrix[n];
            }
            for (int i = 0; i < n; i++) {
                values[i] = Matrix.of(parameters.get(i).value(), "parameter");
                grads[i] = Matrix.of(parameters.get(i).gradient(), "gradient");
            }
            if (lanes == null) {
                lanes = new Lane[] {new Lane(), new Lane()};
            }
            plan = p;
            caller = Thread.currentThread();
            lr = rate;
            clip = scale;
            l1 = optimizer.settings().l1();
            l2 = optimizer.settings().l2();
            shrink = factor;
            t = number;
            penalize = clip != 1 || l1 != 0 || l2 != 0;
            nonFinite = false;
            if (useSecondCore && p.total >= PARALLEL_FROM) {
                runAll(p.parameter.length);
            } else {
                runHere(p.parameter.length);
            }
            if (nonFinite) {
                refuse(parameters);
            }
            for (Slots s : p.slots) {
                s.swap();
            }
        }

        /** The calling thread's lane, or the second core's. */
        private Lane lane() {
            return Thread.currentThread() == caller ? lanes[0] : lanes[1];
        }

        @Override
        protected void begin() {
            Lane lane = lane();
            if (plan.anyFloat) {
                Arrays.fill(lane.floatFlags, 0, plan.width, 0f);
            }
            if (plan.anyDouble) {
                Arrays.fill(lane.doubleFlags, 0, plan.width, 0.0);
            }
        }

        @Override
        protected void piece(int j) {
            int i = plan.parameter[j];
            int c = plan.chunk[j];
            Slots s = plan.slots[i];
            int at = c * CHUNK;
            int len = Math.min(CHUNK, s.size - at);
            if (reference) {
                referenceChunk(lane().state, values[i], grads[i], s, c, at, len);
            } else if (s.isDouble()) {
                fastChunk(lane(), values[i], grads[i], s.dBefore[c], s.d[c], s.dNext[c], at, len);
            } else {
                fastChunk(lane(), values[i], grads[i], s.fBefore[c], s.f[c], s.fNext[c], at, len);
            }
        }

        @Override
        protected void end() {
            Lane lane = lane();
            if (plan.anyFloat && Reductions.anyNaN(lane.floatFlags, plan.width)
                    || plan.anyDouble && Reductions.anyNaN(lane.doubleFlags, plan.width)) {
                nonFinite = true;
            }
        }

        /** Elements [at, at + len) of a float32 parameter through the fast loops, old values kept in {@code before}. */
        private void fastChunk(
                Lane lane, Matrix value, Matrix grad, float[] before, float[][] s, float[][] next, int at, int len) {
            float[] g = lane.floats[0];
            float[] out = lane.floats[1];
            grad.load(at, g, 0, len);
            value.load(at, before, 0, len); // the rule's input and the rollback copy
            if (penalize) {
                Elementwise.penalize(before, g, len, clip, l1, l2);
            }
            fast.apply(before, g, out, len, s, next, lr, shrink, t);
            Reductions.flagNonFinite(lane.floatFlags, out, len);
            value.store(at, out, 0, len);
        }

        /** The same for a float64 parameter. */
        private void fastChunk(
                Lane lane, Matrix value, Matrix grad, double[] before, double[][] s, double[][] next, int at, int len) {
            double[] g = lane.doubles[0];
            double[] out = lane.doubles[1];
            grad.load(at, g, 0, len);
            value.load(at, before, 0, len);
            if (penalize) {
                Elementwise.penalize(before, g, len, clip, l1, l2);
            }
            fast.apply(before, g, out, len, s, next, lr, shrink, t);
            Reductions.flagNonFinite(lane.doubleFlags, out, len);
            value.store(at, out, 0, len);
        }

        /**
         * Elements [at, at + len) of chunk c through the reference, one element at a time in float64
         * (rounded to float32 when stored in a float32 parameter or state).
         */
        private void referenceChunk(double[] state, Matrix value, Matrix grad, Slots s, int c, int at, int len) {
            s.keep(value, c, at, len);
            for (int e = 0; e < len; e++) {
                double theta = value.get(at + e);
                double g = grad.get(at + e);
                if (penalize) {
                    g = clip * g + l1 * Math.signum(theta) + l2 * theta; // g ← c g + λ1 sign(θ) + λ2 θ
                }
                for (int j = 0; j < k; j++) {
                    state[j] = s.get(j, at + e);
                }
                value.set(at + e, optimizer.reference(shrink * theta, g, state, lr, t)); // θ ← rule((1 - η λ) θ, g)
                for (int j = 0; j < k; j++) {
                    s.setNext(j, at + e, state[j]);
                }
                if (!Double.isFinite(value.get(at + e))) {
                    nonFinite = true;
                }
            }
        }

        /**
         * A new value was not finite: puts every parameter back and throws, naming the first parameter
         * (in the list's order) with a value that is not.
         */
        private void refuse(List<Parameter> parameters) {
            String name = null;
            boolean gradient = false;
            for (int i = 0; i < parameters.size(); i++) {
                if (name == null && Reductions.firstNonFinite(values[i]) >= 0) {
                    name = parameters.get(i).name();
                    gradient = Reductions.firstNonFinite(grads[i]) >= 0;
                }
                plan.slots[i].restore(values[i]);
            }
            // a flagged value is a stored value, so one is found; the fallback only guards the message
            throw new NonFiniteUpdateException(
                    name != null ? name : parameters.get(0).name(), gradient);
        }
    }
}
