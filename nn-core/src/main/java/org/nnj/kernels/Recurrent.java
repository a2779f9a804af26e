package org.nnj.kernels;

/**
 * The fast path of the recurrent layers ({@code SimpleRNN}, {@code LSTM}, {@code GRU} in
 * {@code org.nnj.layers}, whose Javadoc holds the equations and whose reference implementations this
 * must match): the input projection of every step as one GEMM {@code P = X W_ihᵀ + b_ih} over the
 * {@code (batch·time) x features} view of the input rows, the recurrent product of each step
 * {@code R = h_{t-1} W_hhᵀ + b_hh} through {@link Gemm}, and the gates in fused loops over heap arrays
 * ({@link RecurrentCells}; in float32 a whole step's exponentials and tanh go through
 * {@link FastMath} at once, {@link RecurrentCells32}). Backward, the gate gradients of every step are kept, so that the parameter
 * gradients are again one GEMM each: {@code dW_ih = dPᵀ X}, {@code dW_hh = Σ_t dR_tᵀ h_{t-1}} (one
 * product over all steps' rows), the biases their column sums, and {@code dX = dP W_ih}; only
 * {@code dh_{t-1} = dR_t W_hh} is per step.
 *
 * <p>A mask (batch x time, 0 at padding) makes a padded step carry the state over and output zero; its
 * gate gradients are zero, and the state's gradient passes through it unchanged.
 */
public final class Recurrent {
    private Recurrent() {}

    /**
     * The weights of one run: W_ih (G·H x F), W_hh (G·H x H), b_ih and b_hh (1 x G·H), and their
     * gradients (null in inference).
     */
    public record Weights(
            Matrix wIh, Matrix wHh, Matrix bIh, Matrix bHh, Matrix gwIh, Matrix gwHh, Matrix gbIh, Matrix gbHh) {}

    /**
     * Runs the cell over the sequences {@code x} (batch x time·features), writing every step's output
     * ({@code out} batch x time·H) if {@code sequences}, else the final state (batch x H).
     *
     * @param cell    1 (tanh RNN), 4 (LSTM: i, f, g, o) or 3 (GRU: r, z, n): the number of gates
     * @param reverse process the steps from the last to the first
     * @param mask    batch x time, 0 at padding, or null
     */
    public static void forward(
            int cell,
            int features,
            boolean reverse,
            boolean sequences,
            Matrix x,
            Matrix mask,
            Weights w,
            Matrix out,
            RecurrentBuffers buf) {
        int batch = buf.batch;
        int time = buf.time;
        int h = buf.units;
        int gh = buf.gates * h;
        Matrix xs = x.view(0, batch * time, features);
        Rows.broadcast(w.bIh(), buf.p);
        Gemm.multAddTransB(xs, w.wIh(), buf.p); // P = X W_ihᵀ + b_ih, every step at once
        buf.toHeap(buf.p, 0, buf.pH, 0, batch * time * gh);
        java.util.Arrays.fill(buf.hH, 0, batch * h, 0);
        if (buf.cH != null) {
            java.util.Arrays.fill(buf.cH, 0, batch * h, 0);
        }
        buf.hStep[0].fill(0);
        for (int s = 0; s < time; s++) {
            int t = reverse ? time - 1 - s : s;
            Rows.broadcast(w.bHh(), buf.r);
            Gemm.multAddTransB(buf.hStep[s], w.wHh(), buf.r); // R = h_{t-1} W_hhᵀ + b_hh
            buf.toHeap(buf.r, 0, buf.rH, 0, batch * gh);
            if (buf.sig != null) { // float32: the whole step's gates through FastMath
                RecurrentCells32.step(cell, buf, s, t, mask);
            }
            for (int b = 0; b < batch && buf.sig == null; b++) {
                int prev = (s * batch + b) * h;
                int next = prev + batch * h;
                if (mask != null && mask.get(b * time + t) == 0) {
                    System.arraycopy(buf.hH, prev, buf.hH, next, h);
                    if (buf.cH != null) {
                        System.arraycopy(buf.cH, prev, buf.cH, next, h);
                    }
                    continue;
                }
                int pRow = (b * time + t) * gh;
                int gRow = (s * batch + b) * gh;
                switch (cell) {
                    case 1 -> RecurrentCells.rnn(buf.pH, pRow, buf.rH, b * gh, buf.hH, next, buf.gH, gRow, h);
                    case 4 -> RecurrentCells.lstm(
                            buf.pH, pRow, buf.rH, b * gh, buf.hH, buf.cH, buf.tcH, prev, next, buf.gH, gRow, h);
                    default -> RecurrentCells.gru(
                            buf.pH, pRow, buf.rH, b * gh, buf.hH, prev, next, buf.gH, gRow, buf.hnH, gRow / 3, h);
                }
            }
            buf.fromHeap(buf.hH, (s + 1) * batch * h, buf.hs, (s + 1) * batch * h, batch * h);
            if (sequences) {
                for (int b = 0; b < batch; b++) {
                    int at = b * time * h + t * h;
                    if (mask != null && mask.get(b * time + t) == 0) {
                        for (int j = 0; j < h; j++) {
                            out.set(at + j, 0);
                        }
                    } else {
                        buf.fromHeap(buf.hH, ((s + 1) * batch + b) * h, out, at, h);
                    }
                }
            }
        }
        if (!sequences) {
            buf.fromHeap(buf.hH, time * batch * h, out, 0, batch * h);
        }
    }

    /**
     * Backpropagation through time for the last {@link #forward} into {@code buf}: fills the four
     * parameter gradients and, if {@code gradIn} is not null, {@code dJ/dx}; {@code gradOut} holds
     * {@code dJ/d(out)}.
     */
    public static void backward(
            int cell,
            int features,
            boolean reverse,
            boolean sequences,
            Matrix x,
            Matrix mask,
            Weights w,
            Matrix gradOut,
            Matrix gradIn,
            RecurrentBuffers buf) {
        int batch = buf.batch;
        int time = buf.time;
        int h = buf.units;
        int gh = buf.gates * h;
        double[] dh = buf.dh;
        double[] dc = buf.dc;
        java.util.Arrays.fill(dc, 0);
        if (sequences) {
            java.util.Arrays.fill(dh, 0);
        } else {
            buf.toHeap(gradOut, 0, dh, 0, batch * h); // dJ/dh_T
        }
        for (int s = time - 1; s >= 0; s--) {
            int t = reverse ? time - 1 - s : s;
            for (int b = 0; b < batch; b++) {
                boolean real = mask == null || mask.get(b * time + t) != 0;
                int row = b * h;
                if (sequences && real) { // dJ/dh_t += dJ/d(out_t); a padded step's output is a constant 0
                    int at = b * time * h + t * h;
                    for (int j = 0; j < h; j++) {
                        dh[row + j] += gradOut.get(at + j);
                    }
                }
                int dRow = b * gh;
                int pRow = (b * time + t) * gh;
                if (!real) {
                    java.util.Arrays.fill(buf.dRH, dRow, dRow + gh, 0);
                    java.util.Arrays.fill(buf.dPH, pRow, pRow + gh, 0);
                    System.arraycopy(dh, row, buf.tmp, row, h); // the state passes through unchanged
                    continue;
                }
                int prev = (s * batch + b) * h;
                int gRow = (s * batch + b) * gh;
                switch (cell) {
                    case 1 -> RecurrentCells.rnnBack(
                            buf.hH, prev + batch * h, dh, row, buf.dPH, pRow, buf.dRH, dRow, buf.tmp, h);
                    case 4 -> RecurrentCells.lstmBack(
                            buf.gH, gRow, buf.tcH, buf.cH, prev, dh, dc, row, buf.dPH, pRow, buf.dRH, dRow, buf.tmp, h);
                    default -> RecurrentCells.gruBack(
                            buf.gH, gRow, buf.hnH, gRow / 3, buf.hH, prev, dh, row, buf.dPH, pRow, buf.dRH, dRow,
                            buf.tmp, h);
                }
            }
            buf.fromHeap(buf.dRH, 0, buf.dR, s * batch * gh, batch * gh);
            Gemm.mult(buf.dRStep[s], w.wHh(), buf.dhPrev); // W_hhᵀ (gate gradients), row by row
            buf.toHeap(buf.dhPrev, 0, dh, 0, batch * h);
            for (int j = 0; j < batch * h; j++) { // + the direct path (GRU's z ⊙ dh; a padded step's dh)
                dh[j] += buf.tmp[j];
            }
        }
        buf.fromHeap(buf.dPH, 0, buf.dP, 0, batch * time * gh);
        Matrix xs = x.view(0, batch * time, features);
        Gemm.multTransA(buf.dP, xs, w.gwIh()); // dW_ih = dPᵀ X
        Rows.columnSums(buf.dP, w.gbIh());
        Gemm.multTransA(buf.dR, buf.hs.prefix(time * batch, h), w.gwHh()); // dW_hh = Σ_t dR_tᵀ h_{t-1}
        Rows.columnSums(buf.dR, w.gbHh());
        if (gradIn != null) {
            Gemm.mult(buf.dP, w.wIh(), gradIn.view(0, batch * time, features)); // dX = dP W_ih
        }
    }
}
