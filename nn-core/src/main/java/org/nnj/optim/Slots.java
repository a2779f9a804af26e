package org.nnj.optim;

import org.nnj.kernels.Matrix;

/**
 * One parameter's optimizer state, current and next ({@code f[chunk][slot]}, swapped when a step
 * succeeds), and the heap copy of its values before the step in progress ({@code fBefore[chunk]}),
 * all cut into chunks of {@link StepEngine#CHUNK} so that every loop indexes from 0. The float or the
 * double arrays are used, by the parameter's type.
 */
final class Slots {
    private static final int CHUNK = StepEngine.CHUNK;
    /** Values in the parameter. */
    final int size;

    float[][][] f;
    float[][][] fNext;
    double[][][] d;
    double[][][] dNext;
    float[][] fBefore;
    double[][] dBefore;

    /** Zero state of {@code k} slots for {@code value}. */
    Slots(Matrix value, int k) {
        size = value.size();
        int chunks = chunks();
        if (value.isDouble()) {
            d = new double[chunks][k][CHUNK];
            dNext = new double[chunks][k][CHUNK];
            dBefore = new double[chunks][CHUNK];
        } else {
            f = new float[chunks][k][CHUNK];
            fNext = new float[chunks][k][CHUNK];
            fBefore = new float[chunks][CHUNK];
        }
    }

    boolean isDouble() {
        return d != null;
    }

    int chunks() {
        return (size + CHUNK - 1) / CHUNK;
    }

    /** The next state becomes the current one (and the current one the place for the next). */
    void swap() {
        float[][][] t = f;
        f = fNext;
        fNext = t;
        double[][][] u = d;
        d = dNext;
        dNext = u;
    }

    /** Slot j of element e, current. */
    double get(int j, int e) {
        return d != null ? d[e / CHUNK][j][e % CHUNK] : f[e / CHUNK][j][e % CHUNK];
    }

    /** Sets slot j of element e, current (rounded to float32 for a float32 parameter). */
    void set(int j, int e, double v) {
        if (d != null) {
            d[e / CHUNK][j][e % CHUNK] = v;
        } else {
            f[e / CHUNK][j][e % CHUNK] = (float) v;
        }
    }

    /** Sets slot j of element e, next. */
    void setNext(int j, int e, double v) {
        if (d != null) {
            dNext[e / CHUNK][j][e % CHUNK] = v;
        } else {
            fNext[e / CHUNK][j][e % CHUNK] = (float) v;
        }
    }

    /** Copies elements [at, at + len) of {@code value}, chunk c, into the rollback copy. */
    void keep(Matrix value, int c, int at, int len) {
        if (d != null) {
            value.load(at, dBefore[c], 0, len);
        } else {
            value.load(at, fBefore[c], 0, len);
        }
    }

    /** Writes the rollback copy back into {@code value}. */
    void restore(Matrix value) {
        for (int c = 0, at = 0; at < size; c++, at += CHUNK) {
            int len = Math.min(CHUNK, size - at);
            if (d != null) {
                value.store(at, dBefore[c], 0, len);
            } else {
                value.store(at, fBefore[c], 0, len);
            }
        }
    }
}
