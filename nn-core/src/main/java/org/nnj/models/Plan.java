package org.nnj.models;

import java.util.Arrays;

/**
 * Which parts of a graph a backward pass visits, and where each gradient goes, decided once per
 * network (for training, and for training plus the input gradient).
 *
 * <p>A node's backward pass runs if it, or a node it reads from (directly or not), holds parameters
 * that train: the gradient must reach them. Every node runs its forward pass in training mode (dropout
 * on, batch statistics) except the frozen layers of a frozen trunk, those not backpropagated through,
 * which run in inference mode (batch normalization keeps its running statistics, a frozen dropout is
 * off); a layer that is not frozen trains, even below the first trainable one (an input dropout drops).
 *
 * <p>Where a value feeds k consumers, its gradient is the sum of what they send back,
 * {@code dJ/dx = Σ_k J_k^T g_k}. The backward pass visits nodes in reverse topological order, after the
 * losses have written the gradients of the outputs; the first contribution to a value is written
 * straight into its gradient, each later one into a scratch buffer that is then added to it. A chain has
 * no later contributions, so it backpropagates exactly as a list of layers does.
 *
 * <p>A layer applied at several nodes shares its parameters: each use's backward pass overwrites the
 * parameter gradients, so the plan accumulates them over the uses ({@link Role}).
 */
final class Plan {
    /** A gradient an argument does not need. */
    static final int NONE = -2;
    /** A gradient written straight into the value's own gradient buffer. */
    static final int DIRECT = -1;

    /** What a use of a shared layer does with its parameter gradients after its backward pass. */
    enum Role {
        /** The layer is used once: nothing. */
        ONLY,
        /** The first use visited: copy the gradients into the accumulators. */
        FIRST,
        /** A later use: add them into the accumulators. */
        MIDDLE,
        /** The last use visited: add the accumulators into them (they then hold the sum). */
        LAST
    }

    /** Per node: its backward pass runs. */
    final boolean[] runs;
    /** Per node: its forward pass runs in training mode (all but a frozen trunk's). */
    final boolean[] training;
    /** Per node and argument: NONE, DIRECT, or the scratch buffer its gradient goes to. */
    final int[][] dest;
    /** Per scratch buffer: the value (node, or input if negative) it is added into. */
    final int[] scratchTarget;
    /** Per node: what happens to a shared layer's parameter gradients after it. */
    final Role[] roles;

    Plan(Graph g, boolean[] frozenLayers, boolean inputGradient) {
        int n = g.nodes();
        boolean[] reaches = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean trains = !g.ops[i].parameters().isEmpty() && !frozenLayers[g.layerOf[i]];
            for (int ref : g.inputs[i]) {
                trains |= ref >= 0 ? reaches[ref] : inputGradient;
            }
            reaches[i] = trains;
        }
        runs = reaches;
        training = new boolean[n];
        for (int i = 0; i < n; i++) { // only a frozen layer that is not backpropagated through infers
            training[i] = runs[i] || !frozenLayers[g.layerOf[i]];
        }
        int[] contributions = new int[n + g.inputNames.length];
        for (int out : g.outputNodes) {
            contributions[out]++;
        }
        dest = new int[n][];
        int[] targets = new int[16];
        int scratches = 0;
        for (int i = n - 1; i >= 0; i--) {
            dest[i] = new int[g.inputs[i].length];
            Arrays.fill(dest[i], NONE);
            if (!runs[i]) {
                continue;
            }
            for (int k = 0; k < g.inputs[i].length; k++) {
                int ref = g.inputs[i][k];
                if (ref >= 0 ? !reaches[ref] : !inputGradient) {
                    continue;
                }
                int slot = ref >= 0 ? ref : n - ref - 1;
                if (contributions[slot]++ == 0) {
                    dest[i][k] = DIRECT;
                } else {
                    if (scratches == targets.length) {
                        targets = Arrays.copyOf(targets, 2 * scratches);
                    }
                    targets[scratches] = ref;
                    dest[i][k] = scratches++;
                }
            }
        }
        scratchTarget = Arrays.copyOf(targets, scratches);
        roles = new Role[n];
        Arrays.fill(roles, Role.ONLY);
        for (int layer = 0; layer < g.layers.length; layer++) {
            int uses = 0;
            int first = -1;
            int last = -1;
            for (int i = n - 1; i >= 0; i--) {
                if (g.layerOf[i] == layer && runs[i]) {
                    uses++;
                    first = first < 0 ? i : first;
                    last = i;
                    roles[i] = Role.MIDDLE;
                }
            }
            if (uses == 1) {
                roles[first] = Role.ONLY;
            } else if (uses > 1) {
                roles[first] = Role.FIRST;
                roles[last] = Role.LAST;
            }
        }
    }
}
