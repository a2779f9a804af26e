package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fast path of multi-head self-attention over a batch of sequences (x is {@code batch · time} rows
 * of dModel values, the steps of each example in order); the equations, forward and backward, are in
 * {@code org.nnj.layers.MultiHeadAttention}. The projections are single GEMMs over all steps of the
 * batch ({@code [Q K V] = X W_inᵀ + b_in}, {@code Y = C W_outᵀ + b_out}); Q, K and V are then copied
 * head-major (one contiguous {@code time x dHead} block per example and head), so that each head's
 * {@code S = Q Kᵀ / √dHead}, {@code O = P V} and their transposes in backward are plain {@link Gemm}
 * products on contiguous blocks. Softmax is masked per query row (causal: keys after the query;
 * padding: keys at padded steps); a padded query's row of P is 0 and its output row is 0.
 */
public final class Attention {
    private Attention() {}

    /**
     * Buffers and their per-head views for one batch size, made once and reused step after step (the
     * views are Java objects over the buffers, not INDArrays). A workspace made for backward also
     * holds the gradient buffers; backward reuses the forward buffers it no longer needs (the projected
     * [Q K V] for dJ/d[Q K V], the heads' outputs for their gradient).
     */
    public static final class Workspace {
        final int batch;
        final int time;
        final int dModel;
        final int heads;
        final int dHead;
        final Matrix qkv;
        final Matrix split;
        final Matrix p;
        final Matrix context;
        final Matrix concat;
        final Matrix dSplit;
        final Matrix dP;
        final Matrix[] q;
        final Matrix[] k;
        final Matrix[] v;
        final Matrix[] pv;
        final Matrix[] o;
        final Matrix[] dq;
        final Matrix[] dk;
        final Matrix[] dv;

        /**
         * @param backward whether backward will run on this workspace (training); forward-only
         *     workspaces leave out the gradient buffers
         */
        public Workspace(DataType type, int batch, int time, int dModel, int heads, boolean backward) {
            this.batch = batch;
            this.time = time;
            this.dModel = dModel;
            this.heads = heads;
            this.dHead = dModel / heads;
            int steps = batch * time;
            int blocks = batch * heads;
            qkv = Matrix.allocate(type, steps, 3 * dModel);
            split = Matrix.allocate(type, 3 * blocks * time, dHead);
            p = Matrix.allocate(type, blocks * time, time);
            context = Matrix.allocate(type, blocks * time, dHead);
            concat = Matrix.allocate(type, steps, dModel);
            dSplit = backward ? Matrix.allocate(type, 3 * blocks * time, dHead) : null;
            dP = backward ? Matrix.allocate(type, time, time) : null;
            q = views(split, 0, blocks);
            k = views(split, blocks, blocks);
            v = views(split, 2 * blocks, blocks);
            o = views(context, 0, blocks);
            pv = new Matrix[blocks];
            for (int b = 0; b < blocks; b++) {
                pv[b] = p.view(b * time * time, time, time);
            }
            dq = backward ? views(dSplit, 0, blocks) : null;
            dk = backward ? views(dSplit, blocks, blocks) : null;
            dv = backward ? views(dSplit, 2 * blocks, blocks) : null;
        }

        private Matrix[] views(Matrix m, int firstBlock, int blocks) {
            Matrix[] out = new Matrix[blocks];
            for (int b = 0; b < blocks; b++) {
                out[b] = m.view((firstBlock + b) * time * dHead, time, dHead);
            }
            return out;
        }

        /** The batch size this workspace is for. */
        public int batch() {
            return batch;
        }

        /** The attention probabilities of the last forward pass: block (example · heads + head) is time x time. */
        public Matrix probabilities() {
            return p;
        }
    }

    /**
     * {@code y = MultiHeadAttention(x)} for the workspace's batch: x and y are {@code batch · time} x
     * dModel, mask (batch x time, 1 real, 0 padding) or null, W_in 3dModel x dModel, b_in 1 x 3dModel,
     * W_out dModel x dModel, b_out 1 x dModel. Writes the workspace and y.
     */
    public static void forward(
            Matrix x,
            Matrix mask,
            boolean causal,
            Matrix wIn,
            Matrix bIn,
            Matrix wOut,
            Matrix bOut,
            Workspace ws,
            Matrix y) {
        int t = ws.time;
        int d = ws.dModel;
        int dh = ws.dHead;
        Rows.broadcast(bIn, ws.qkv);
        Gemm.multAddTransB(x, wIn, ws.qkv); // [Q K V] = X W_inᵀ + b_in
        for (int b = 0; b < ws.batch; b++) {
            for (int s = 0; s < t; s++) {
                int row = (b * t + s) * 3 * d;
                for (int part = 0; part < 3; part++) {
                    for (int h = 0; h < ws.heads; h++) {
                        int block = (part * ws.batch + b) * ws.heads + h;
                        ws.split.copyRange(ws.qkv, row + part * d + h * dh, (block * t + s) * dh, dh);
                    }
                }
            }
        }
        double scale = 1 / Math.sqrt(dh);
        for (int b = 0; b < ws.batch; b++) {
            for (int h = 0; h < ws.heads; h++) {
                int block = b * ws.heads + h;
                Gemm.gemm(false, true, scale, ws.q[block], ws.k[block], 0, ws.pv[block]); // S = Q Kᵀ / √dHead
                softmax(ws.pv[block], mask, b, causal);
                Gemm.mult(ws.pv[block], ws.v[block], ws.o[block]); // O = P V
            }
        }
        gatherHeads(ws, ws.context, ws.concat);
        Rows.broadcast(bOut, y);
        Gemm.multAddTransB(ws.concat, wOut, y); // Y = C W_outᵀ + b_out
        if (mask != null) {
            zeroPaddedRows(y, mask, ws);
        }
    }

    /** C[b·time + s, h·dHead ..] = O_{b,h}[s, ..]: the heads side by side. */
    private static void gatherHeads(Workspace ws, Matrix headMajor, Matrix stepMajor) {
        int t = ws.time;
        int dh = ws.dHead;
        for (int b = 0; b < ws.batch; b++) {
            for (int h = 0; h < ws.heads; h++) {
                int block = b * ws.heads + h;
                for (int s = 0; s < t; s++) {
                    stepMajor.copyRange(headMajor, (block * t + s) * dh, (b * t + s) * ws.dModel + h * dh, dh);
                }
            }
        }
    }

    /** The inverse of {@link #gatherHeads}. */
    private static void scatterHeads(Workspace ws, Matrix stepMajor, Matrix headMajor) {
        int t = ws.time;
        int dh = ws.dHead;
        for (int b = 0; b < ws.batch; b++) {
            for (int h = 0; h < ws.heads; h++) {
                int block = b * ws.heads + h;
                for (int s = 0; s < t; s++) {
                    headMajor.copyRange(stepMajor, (b * t + s) * ws.dModel + h * dh, (block * t + s) * dh, dh);
                }
            }
        }
    }

    private static boolean real(Matrix mask, int example, int step, int time) {
        return mask == null || mask.get(example * time + step) != 0;
    }

    private static void zeroPaddedRows(Matrix m, Matrix mask, Workspace ws) {
        int cols = m.cols();
        for (int b = 0; b < ws.batch; b++) {
            for (int s = 0; s < ws.time; s++) {
                if (!real(mask, b, s, ws.time)) {
                    for (int c = 0; c < cols; c++) {
                        m.set((b * ws.time + s) * cols + c, 0);
                    }
                }
            }
        }
    }

    /**
     * Softmax of each query row i of the scores s (time x time) in place, over the keys j it may see:
     * {@code j <= i} if causal, and real steps of example b; 0 elsewhere, and the whole row 0 for a
     * padded query. The row's maximum over those keys is subtracted first.
     */
    static void softmax(Matrix s, Matrix mask, int b, boolean causal) {
        int t = s.cols();
        int n = t * t;
        if (s.isDouble()) {
            for (int i = 0; i < t; i++) {
                boolean query = real(mask, b, i, t);
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    if (query && sees(mask, b, i, j, t, causal)) {
                        max = Math.max(max, s.get(i * t + j));
                    }
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    double e = query && sees(mask, b, i, j, t, causal) ? Math.exp(s.get(i * t + j) - max) : 0;
                    s.set(i * t + j, e);
                    sum += e;
                }
                for (int j = 0; j < t; j++) {
                    s.set(i * t + j, sum == 0 ? 0 : s.get(i * t + j) / sum);
                }
            }
            return;
        }
        float[] v = Scratch.floats(0, n);
        s.load(v);
        for (int i = 0; i < t; i++) {
            boolean query = real(mask, b, i, t);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < t; j++) {
                if (query && sees(mask, b, i, j, t, causal)) {
                    max = Math.max(max, v[i * t + j]);
                }
            }
            for (int j = 0; j < t; j++) {
                v[i * t + j] = query && sees(mask, b, i, j, t, causal) ? v[i * t + j] - max : 0;
            }
        }
        FastMath.exp(v, v, Scratch.floats(1, n), Scratch.ints(n), n);
        for (int i = 0; i < t; i++) {
            boolean query = real(mask, b, i, t);
            double sum = 0;
            for (int j = 0; j < t; j++) {
                if (query && sees(mask, b, i, j, t, causal)) {
                    sum += v[i * t + j];
                } else {
                    v[i * t + j] = 0;
                }
            }
            float inv = sum == 0 ? 0 : (float) (1 / sum);
            for (int j = 0; j < t; j++) {
                v[i * t + j] *= inv;
            }
        }
        s.store(v);
    }

    private static boolean sees(Matrix mask, int b, int query, int key, int time, boolean causal) {
        return (!causal || key <= query) && real(mask, b, key, time);
    }

    /**
     * Backward of the last {@link #forward} on this workspace, with g = dJ/dy (overwritten): writes
     * dJ/dW_in, dJ/db_in, dJ/dW_out, dJ/db_out and, if dx is not null, dJ/dx. The equations are the
     * layer's: {@code dW_out = gᵀ C}, {@code db_out = Σ g}, {@code dC = g W_out}; per head {@code dP = dO
     * Vᵀ}, {@code dV = Pᵀ dO}, {@code dS = P ⊙ (dP - rowsum(P ⊙ dP))}, {@code dQ = dS K / √dHead},
     * {@code dK = dSᵀ Q / √dHead}; {@code dW_in = d[Q K V]ᵀ X}, {@code db_in = Σ d[Q K V]},
     * {@code dx = d[Q K V] W_in}.
     */
    public static void backward(
            Matrix x,
            Matrix mask,
            boolean causal,
            Matrix wIn,
            Matrix wOut,
            Workspace ws,
            Matrix g,
            Matrix dWin,
            Matrix dbIn,
            Matrix dWout,
            Matrix dbOut,
            Matrix dx) {
        if (mask != null) {
            zeroPaddedRows(g, mask, ws); // the output is 0 there whatever the parameters
        }
        Gemm.multTransA(g, ws.concat, dWout); // dW_out = gᵀ C
        Rows.columnSums(g, dbOut); // db_out = Σ g
        Matrix dConcat = ws.concat; // C is no longer needed
        Gemm.mult(g, wOut, dConcat); // dC = g W_out
        scatterHeads(ws, dConcat, ws.context); // dO, head-major, over O
        double scale = 1 / Math.sqrt(ws.dHead);
        for (int b = 0; b < ws.batch; b++) {
            for (int h = 0; h < ws.heads; h++) {
                int block = b * ws.heads + h;
                Matrix p = ws.pv[block];
                Matrix dO = ws.o[block];
                Gemm.gemm(false, true, 1, dO, ws.v[block], 0, ws.dP); // dP = dO Vᵀ
                Gemm.multTransA(p, dO, ws.dv[block]); // dV = Pᵀ dO
                Rows.softmaxBackward(p, ws.dP); // dS = P ⊙ (dP - rowsum(P ⊙ dP)), in dP
                Gemm.gemm(false, false, scale, ws.dP, ws.k[block], 0, ws.dq[block]); // dQ = dS K / √dHead
                Gemm.gemm(true, false, scale, ws.dP, ws.q[block], 0, ws.dk[block]); // dK = dSᵀ Q / √dHead
            }
        }
        Matrix dQkv = ws.qkv; // [Q K V] is no longer needed
        int t = ws.time;
        int d = ws.dModel;
        int dh = ws.dHead;
        for (int b = 0; b < ws.batch; b++) {
            for (int s = 0; s < t; s++) {
                int row = (b * t + s) * 3 * d;
                for (int part = 0; part < 3; part++) {
                    for (int h = 0; h < ws.heads; h++) {
                        int block = (part * ws.batch + b) * ws.heads + h;
                        dQkv.copyRange(ws.dSplit, (block * t + s) * dh, row + part * d + h * dh, dh);
                    }
                }
            }
        }
        Gemm.multTransA(dQkv, x, dWin); // dW_in = d[Q K V]ᵀ X
        Rows.columnSums(dQkv, dbIn); // db_in = Σ d[Q K V]
        if (dx != null) {
            Gemm.mult(dQkv, wIn, dx); // dx = d[Q K V] W_in
        }
    }
}
