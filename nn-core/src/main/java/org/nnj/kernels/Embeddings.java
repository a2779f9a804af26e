package org.nnj.kernels;

/**
 * The fast paths of the token layers: gathering rows of an embedding table by id, adding step
 * gradients back into the rows (a scatter-add), checking ids, and the padding mask. Ids are held as
 * float values (exact integers below 2^24 in float32); a batch of ids is batch x time.
 */
public final class Embeddings {
    private Embeddings() {}

    /**
     * {@code out[n, t*d .. t*d + d) = table[ids[n, t], 0 .. d)} for every row n and step t (table
     * vocabulary x d): one bulk copy per step; zeros at steps whose id is {@code paddingId} (pass a
     * negative id for none). The ids are assumed valid ({@link #firstInvalid}).
     */
    public static void gather(Matrix table, Matrix ids, Matrix out, int paddingId) {
        int d = table.cols();
        int n = ids.size();
        for (int i = 0; i < n; i++) {
            int id = (int) ids.get(i);
            if (id == paddingId) {
                for (int j = 0; j < d; j++) {
                    out.set(i * d + j, 0);
                }
            } else {
                out.copyRange(table, id * d, i * d, d);
            }
        }
    }

    /**
     * {@code gradTable = 0}, then {@code gradTable[ids[n, t]] += gradOut[n, t*d .. t*d + d)} for every
     * step whose id is not {@code paddingId} (pass a negative id for none): the transposed Jacobian of
     * {@link #gather} with respect to the table.
     */
    public static void scatterAdd(Matrix ids, Matrix gradOut, Matrix gradTable, int paddingId) {
        gradTable.fill(0);
        int d = gradTable.cols();
        int n = ids.size();
        if (gradTable.isDouble()) {
            double[] g = Scratch.doubles(0, d);
            double[] acc = Scratch.doubles(1, d);
            for (int i = 0; i < n; i++) {
                int id = (int) ids.get(i);
                if (id == paddingId) {
                    continue;
                }
                gradOut.load(i * d, g, 0, d);
                gradTable.load(id * d, acc, 0, d);
                for (int j = 0; j < d; j++) {
                    acc[j] += g[j];
                }
                gradTable.store(id * d, acc, 0, d);
            }
            return;
        }
        float[] g = Scratch.floats(0, d);
        float[] acc = Scratch.floats(1, d);
        for (int i = 0; i < n; i++) {
            int id = (int) ids.get(i);
            if (id == paddingId) {
                continue;
            }
            gradOut.load(i * d, g, 0, d);
            gradTable.load(id * d, acc, 0, d);
            for (int j = 0; j < d; j++) {
                acc[j] += g[j];
            }
            gradTable.store(id * d, acc, 0, d);
        }
    }

    /**
     * The flat index of the first id that is not an integer in {@code [0, vocabulary)}, or -1 if all
     * are: one comparison per id.
     */
    public static int firstInvalid(Matrix ids, int vocabulary) {
        int n = ids.size();
        for (int i = 0; i < n; i++) {
            double v = ids.get(i);
            if (!(v >= 0 && v < vocabulary && v == Math.rint(v))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code mask[i] = ids[i] != paddingId ? 1 : 0}, elementwise. */
    public static void paddingMask(Matrix ids, double paddingId, Matrix mask) {
        int n = ids.size();
        for (int i = 0; i < n; i++) {
            mask.set(i, ids.get(i) != paddingId ? 1 : 0);
        }
    }

    /** {@code out[n, :] = x[n, :] + table} for every row n (table one row of x's width, as 1 x cols). */
    public static void addToEveryRow(Matrix x, Matrix table, Matrix out) {
        int cols = table.size();
        if (x.isDouble()) {
            double[] p = Scratch.doubles(0, cols);
            double[] v = Scratch.doubles(1, cols);
            table.load(0, p, 0, cols);
            for (int r = 0; r < x.rows(); r++) {
                x.load(r * cols, v, 0, cols);
                for (int j = 0; j < cols; j++) {
                    v[j] += p[j];
                }
                out.store(r * cols, v, 0, cols);
            }
            return;
        }
        float[] p = Scratch.floats(0, cols);
        float[] v = Scratch.floats(1, cols);
        table.load(0, p, 0, cols);
        for (int r = 0; r < x.rows(); r++) {
            x.load(r * cols, v, 0, cols);
            for (int j = 0; j < cols; j++) {
                v[j] += p[j];
            }
            out.store(r * cols, v, 0, cols);
        }
    }
}
