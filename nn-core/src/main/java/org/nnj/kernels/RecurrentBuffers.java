package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The work buffers of one recurrent run at one batch size: the input projection of every step, the
 * states of every step (off-heap for the recurrent products, on the heap for the gate loops), the
 * activated gates, and, for training, the gradients of the gate pre-activations. A layer keeps one per
 * batch size in training mode (made once, reused, so a training step allocates nothing after the
 * first); inference makes its own per call, so that concurrent predictions share nothing.
 *
 * <p>Layout: the projection {@code p} and its gradient {@code dP} are {@code (batch·time) x G·H} with row
 * {@code b·time + t} (the order the input rows already have, so that one GEMM covers every step);
 * states, gates and the recurrent gradients {@code dR} are in processing order, row {@code s·batch + b}
 * for the s-th step processed (t = s forward, t = time-1-s reversed), so that one step's rows are one
 * contiguous {@code batch x ...} matrix for {@link Gemm}.
 */
public final class RecurrentBuffers {
    final int batch;
    final int time;
    final int units;
    final int gates;
    final boolean training;

    final Matrix p;
    final Matrix r;
    final Matrix hs;
    final Matrix[] hStep;
    final double[] pH;
    final double[] rH;
    final double[] hH;
    final double[] cH;
    final double[] gH;
    final double[] hnH;
    final float[] floats;
    /** tanh(c_t) of every step (LSTM), kept for the backward pass. */
    final double[] tcH;
    /** Float32 scratch of one step for {@link RecurrentCells32}: three gate blocks, one, and FastMath's. */
    final float[] sig;

    final float[] one;
    final float[] two;
    final float[] expScratch;
    final int[] expBits;

    final Matrix dP;
    final Matrix dR;
    final Matrix[] dRStep;
    final Matrix dhPrev;
    final double[] dPH;
    final double[] dRH;
    final double[] dh;
    final double[] dc;
    final double[] tmp;

    /** The x and mask the buffers were last filled from by a training pass (identity), or null. */
    Object filledFrom;

    Object filledMask;

    /**
     * Buffers for {@code batch} sequences of {@code time} steps through a cell of {@code gates} gates
     * of {@code units} units; {@code training} adds what the backward pass needs.
     */
    public RecurrentBuffers(DataType type, int batch, int time, int units, int gates, boolean training) {
        this.batch = batch;
        this.time = time;
        this.units = units;
        this.gates = gates;
        this.training = training;
        int gh = gates * units;
        p = Matrix.allocate(type, batch * time, gh);
        r = Matrix.allocate(type, batch, gh);
        hs = Matrix.allocate(type, (time + 1) * batch, units);
        hStep = new Matrix[time + 1];
        for (int s = 0; s <= time; s++) {
            hStep[s] = hs.view(s * batch * units, batch, units);
        }
        pH = new double[batch * time * gh];
        rH = new double[batch * gh];
        hH = new double[(time + 1) * batch * units];
        cH = gates == 4 ? new double[(time + 1) * batch * units] : null;
        gH = new double[time * batch * gh];
        hnH = gates == 3 ? new double[time * batch * units] : null;
        floats = type == DataType.FLOAT ? new float[batch * time * Math.max(gh, units)] : null;
        tcH = gates == 4 ? new double[time * batch * units] : null;
        boolean f32 = type == DataType.FLOAT;
        int n = batch * units;
        sig = f32 ? new float[3 * n] : null;
        one = f32 ? new float[n] : null;
        two = f32 ? new float[n] : null;
        expScratch = f32 ? new float[3 * n] : null;
        expBits = f32 ? new int[3 * n] : null;
        if (training) {
            dP = Matrix.allocate(type, batch * time, gh);
            dR = Matrix.allocate(type, time * batch, gh);
            dRStep = new Matrix[time];
            for (int s = 0; s < time; s++) {
                dRStep[s] = dR.view(s * batch * gh, batch, gh);
            }
            dhPrev = Matrix.allocate(type, batch, units);
            dPH = new double[batch * time * gh];
            dRH = new double[batch * gh];
            dh = new double[batch * units];
            dc = new double[batch * units];
            tmp = new double[batch * units];
        } else {
            dP = null;
            dR = null;
            dRStep = null;
            dhPrev = null;
            dPH = null;
            dRH = null;
            dh = null;
            dc = null;
            tmp = null;
        }
    }

    /** The batch size these buffers are for. */
    public int batch() {
        return batch;
    }

    /** Records that a training pass filled these buffers from {@code x} and {@code mask} (identities). */
    public void filled(Object x, Object mask) {
        filledFrom = x;
        filledMask = mask;
    }

    /** True if the last training pass filled these buffers from exactly {@code x} and {@code mask}. */
    public boolean filledFrom(Object x, Object mask) {
        return filledFrom == x && filledMask == mask;
    }

    /** Copies {@code n} elements of {@code m} from flat index {@code from} into {@code dst[off ..]}. */
    void toHeap(Matrix m, int from, double[] dst, int off, int n) {
        if (m.isDouble()) {
            m.load(from, dst, off, n);
        } else {
            m.load(from, floats, 0, n);
            for (int i = 0; i < n; i++) {
                dst[off + i] = floats[i];
            }
        }
    }

    /** Copies {@code src[off .. off + n)} into {@code m} from flat index {@code from}, rounded to its type. */
    void fromHeap(double[] src, int off, Matrix m, int from, int n) {
        if (m.isDouble()) {
            m.store(from, src, off, n);
        } else {
            for (int i = 0; i < n; i++) {
                floats[i] = (float) src[off + i];
            }
            m.store(from, floats, 0, n);
        }
    }
}
