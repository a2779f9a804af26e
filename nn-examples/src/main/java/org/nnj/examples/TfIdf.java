package org.nnj.examples;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TF-IDF features of token ids, as scikit-learn's {@code TfidfVectorizer} defaults (smooth idf, L2
 * norm) compute them: for a text with counts {@code tf_v} of id v (padding never counts),
 * {@code x_v = tf_v idf_v / ||tf idf||_2} with {@code idf_v = ln((1 + n) / (1 + df_v)) + 1}, where n is
 * the number of training texts and {@code df_v} how many of them hold v. Column v of the features is
 * id v (the padding column is always 0).
 */
final class TfIdf {
    private final double[] idf;

    TfIdf(double[] idf) {
        this.idf = idf.clone();
    }

    /** The idf of each id over the training texts {@code ids} (one row of ids per text). */
    static TfIdf fit(int[][] ids, int vocabulary) {
        int[] df = new int[vocabulary];
        int[] seen = new int[vocabulary];
        for (int r = 0; r < ids.length; r++) {
            for (int v : ids[r]) {
                if (v != Tokenizer.PADDING && seen[v] != r + 1) {
                    seen[v] = r + 1;
                    df[v]++;
                }
            }
        }
        double[] idf = new double[vocabulary];
        for (int v = 0; v < vocabulary; v++) {
            idf[v] = Math.log((1.0 + ids.length) / (1.0 + df[v])) + 1;
        }
        return new TfIdf(idf);
    }

    double[] idf() {
        return idf.clone();
    }

    /** The features of each row of ids (rows x vocabulary, float32). */
    INDArray features(int[][] ids) {
        float[][] x = new float[ids.length][idf.length];
        for (int r = 0; r < ids.length; r++) {
            double[] tf = new double[idf.length];
            for (int v : ids[r]) {
                if (v != Tokenizer.PADDING) {
                    tf[v]++;
                }
            }
            double norm = 0;
            for (int v = 0; v < idf.length; v++) {
                tf[v] *= idf[v];
                norm += tf[v] * tf[v];
            }
            norm = Math.sqrt(norm);
            for (int v = 0; v < idf.length && norm > 0; v++) {
                x[r][v] = (float) (tf[v] / norm);
            }
        }
        return Nd4j.create(x);
    }

    /** The idf values as one line of text (for {@link Tokenizer#save}'s extra settings). */
    String encode() {
        StringBuilder sb = new StringBuilder();
        for (int v = 0; v < idf.length; v++) {
            sb.append(v == 0 ? "" : " ").append(idf[v]);
        }
        return sb.toString();
    }

    static TfIdf decode(String line, int vocabulary) {
        String[] f = line.trim().split(" ");
        if (f.length != vocabulary) {
            throw new IllegalArgumentException(
                    "the saved idf has " + f.length + " values for a vocabulary of " + vocabulary);
        }
        double[] idf = new double[vocabulary];
        for (int v = 0; v < vocabulary; v++) {
            idf[v] = Double.parseDouble(f[v]);
        }
        return new TfIdf(idf);
    }
}
