package org.nnj.kernels;

/**
 * Per-thread heap arrays that the kernels copy direct buffers into, so that their loops run over
 * plain Java arrays (which the JIT vectorizes) instead of element-by-element buffer accesses. They
 * grow to the largest size requested and are then reused, so steady-state kernels allocate nothing.
 */
final class Scratch {
    private static final int SLOTS = 5;
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {}

    private static final ThreadLocal<int[][]> INTS = ThreadLocal.withInitial(() -> new int[1][0]);

    /** The int scratch array with at least {@code n} elements. */
    static int[] ints(int n) {
        int[][] s = INTS.get();
        if (s[0].length < n) {
            s[0] = new int[n];
        }
        return s[0];
    }

    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SLOTS][0]);

    /** Float64 scratch array {@code slot} (0 to 4) with at least {@code n} elements. */
    static double[] doubles(int slot, int n) {
        double[][] s = DOUBLES.get();
        if (s[slot].length < n) {
            s[slot] = new double[n];
        }
        return s[slot];
    }

    /** Scratch array {@code slot} (0 to 4) with at least {@code n} elements. */
    static float[] floats(int slot, int n) {
        float[][] s = FLOATS.get();
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        return s[slot];
    }
}
