package org.nnj.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.layers.Parameter;

/**
 * What {@link StepEngine} keeps of a parameter list between steps (a network passes the same list
 * each step): the tensors, their {@link Slots}, and the step's chunks in order, chunk j being chunk
 * {@code chunk[j]} of parameter {@code parameter[j]}.
 */
final class Plan {
    private static final int CHUNK = StepEngine.CHUNK;

    /** The list, and its tensors when the plan was made (a mutable list could change). */
    final List<Parameter> list;

    final INDArray[] values;
    /** Each parameter's state and rollback copy, in the list's order. */
    final Slots[] slots;
    /** The step's chunks: parameter and chunk number within it. */
    final int[] parameter;

    final int[] chunk;
    /** Lanes the screen uses: {@code min(CHUNK, largest parameter)}. */
    final int width;

    /** Whether some parameter is float32, some float64: the screens to clear and read. */
    final boolean anyFloat;

    final boolean anyDouble;
    /** Values in all the parameters (from {@link StepEngine#PARALLEL_FROM}, two cores). */
    final long total;

    Plan(List<Parameter> list, Slots[] slots) {
        this.list = list;
        this.slots = slots;
        values = list.stream().map(Parameter::value).toArray(INDArray[]::new);
        int count = 0;
        long sum = 0;
        int w = 0;
        boolean f = false;
        boolean d = false;
        for (Slots s : slots) {
            count += s.chunks();
            sum += s.size;
            w = Math.max(w, Math.min(CHUNK, s.size));
            f |= !s.isDouble();
            d |= s.isDouble();
        }
        parameter = new int[count];
        chunk = new int[count];
        for (int i = 0, j = 0; i < slots.length; i++) {
            for (int c = 0; c < slots[i].chunks(); c++, j++) {
                parameter[j] = i;
                chunk[j] = c;
            }
        }
        width = w;
        anyFloat = f;
        anyDouble = d;
        total = sum;
    }

    /** The same list with the same tensors in the same places (a mutable list could have changed). */
    boolean isFor(List<Parameter> parameters) {
        if (parameters != list || values.length != parameters.size()) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (parameters.get(i).value() != values[i]) {
                return false;
            }
        }
        return true;
    }
}
