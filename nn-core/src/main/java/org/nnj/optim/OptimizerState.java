package org.nnj.optim;

import java.util.List;

/**
 * What an optimizer has learned about the parameters it steps, so that a training run can stop and
 * resume exactly: its step count (Adam's bias correction, a schedule's position) and, per parameter,
 * its state slots (momentum's velocity, Adam's m and v, AdaGrad's sum of squares), as float64 values
 * of the parameter's shape read in row-major order. The float32 state of a float32 network is exact in
 * float64, so a round trip changes no bit.
 *
 * @param optimizer the optimizer's class name ("Adam"), checked when the state is restored
 * @param steps     the steps taken
 * @param slots     per parameter, in the order of the list it steps: {@code slots.get(p)[k][i]}, the
 *                  k-th state value of element i
 */
public record OptimizerState(String optimizer, long steps, List<double[][]> slots) {
    public OptimizerState {
        if (optimizer == null || slots == null) {
            throw new IllegalArgumentException("optimizer and slots must not be null");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        slots = List.copyOf(slots);
    }
}
