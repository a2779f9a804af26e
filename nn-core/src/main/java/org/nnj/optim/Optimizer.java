package org.nnj.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.kernels.Updates;
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
 *   <li>the optimizer's own rule, written in its class as an algorithm and as a plain per-element
 *       float64 reference ({@link #reference}), and run by fast float32 and float64 loops in
 *       {@code kernels} ({@link #updates}).</li>
 * </ol>
 * <p><b>Guarded, in one pass</b> ({@link StepEngine}): each parameter streams through the rule a
 * cache-sized chunk at a time, its old values kept on the heap; if a new value is NaN or infinite (a
 * gradient that is not finite makes it so), every parameter is put back and {@link
 * NonFiniteUpdateException} is thrown: parameters, state and step count are exactly as before the
 * call. Large steps share their chunks with a second core, with the same result value for value.
 * Gradients are not modified. State (current and next) and the copy are heap arrays allocated on the
 * first step and reused, so steps allocate nothing after.
 *
 * <p>Configuration is immutable: {@code withSchedule}, {@code withL2}, {@code withWeightDecay} and
 * {@code withGradientClipping} return a new optimizer with fresh state. One optimizer instance drives
 * one network: its first step binds it to the parameter tensors it updates (its step count, Adam's
 * bias correction and a schedule's position are theirs), and a step on other tensors is refused with
 * an {@link IllegalArgumentException}; {@link #fresh} gives a new optimizer of the same settings.
 */
public abstract class Optimizer {
    private final Settings settings;
    /** The pass that runs the rule, made on first use (the subclass's rule is set after this constructor). */
    private StepEngine engine;

    private long steps;
    /**
     * The parameter tensors of the first step, in order: the optimizer is bound to them, since its step
     * count and state are theirs (null before the first step).
     */
    private INDArray[] bound;

    private String boundNames;
    /** The parameters of the last step, which {@link #undoLastStep} can take back (null once it has). */
    private List<Parameter> lastStep;

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
        double clip = settings.clipNorm() > 0 ? StepEngine.clipScale(parameters, settings.clipNorm()) : 1;
        engine().step(parameters, lr, clip, 1 - lr * settings.weightDecay(), steps + 1);
        steps++;
        lastStep = parameters;
        if (bound == null) {
            bind(parameters);
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
        engine().undo(parameters);
        steps--;
        lastStep = null;
        return true;
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
        return new OptimizerState(getClass().getSimpleName(), steps, engine().read(parameters));
    }

    /**
     * Puts a saved {@link #state} into this optimizer, which must be new (no step taken) and of the
     * same kind, for the same parameters (count and sizes, finite values): its step count, and so its schedule's
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
        engine().write(parameters, state.slots());
        steps = state.steps();
        lastStep = null;
        bind(parameters);
    }

    private void bind(List<Parameter> parameters) {
        bound = parameters.stream().map(Parameter::value).toArray(INDArray[]::new);
        boundNames = names(parameters);
    }

    private StepEngine engine() {
        if (engine == null) {
            engine = new StepEngine(this);
        }
        return engine;
    }

    /**
     * Runs this optimizer's per-element float64 {@link #reference} instead of its fast loops (true),
     * or the fast loops (false, the default), like PyTorch's {@code foreach=}: for the tests that prove
     * the two equal.
     */
    final Optimizer reference(boolean on) {
        engine().reference = on;
        return this;
    }

    /** The rule's fast float32 and float64 loops, made once by the optimizer. */
    abstract Updates updates();

    /**
     * The rule for one element, in float64: the new value of a parameter element whose value is
     * {@code theta} (already multiplied by {@code 1 - η_t λ} for decoupled weight decay) and whose
     * gradient is {@code g} (already clipped and penalized), at step {@code t} (from 1) with rate
     * {@code lr}. Slot k of the element's state is read from {@code s[k]} (zero before the first step)
     * and its next value written there.
     */
    abstract double reference(double theta, double g, double[] s, double lr, long t);

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
