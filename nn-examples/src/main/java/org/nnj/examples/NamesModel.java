package org.nnj.examples;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Embedding;
import org.nnj.models.Network;

/**
 * A trained character model of the {@code names} demo: a network that maps token ids to next-token
 * probabilities, in one of two forms, told apart by its shapes.
 *
 * <ul>
 *   <li>A <b>window model</b> reads the previous {@code context} ids and outputs 27 probabilities (the
 *       bigram: context 1; the MLP: context 3).
 *   <li>A <b>sequence model</b> reads {@code time} ids and outputs 27 probabilities at every step, step
 *       t predicting token t + 1 from tokens 0..t (the GRU, the LSTM, the causal transformer).
 * </ul>
 *
 * The negative log-likelihood of a list of names is {@code (1/N) Σ_names Σ_{t=1}^{L+1} -ln p(c_t |
 * c_0..c_{t-1})} in nats per predicted character, N the number of predicted characters (end tokens
 * included): what PyTorch's mean cross-entropy gives over the same characters.
 */
final class NamesModel {
    /** Rows per forward pass when scoring. */
    private static final int BLOCK = 256;
    /** A window model's samples stop after this many letters (a sequence model's at its time - 1). */
    static final int MAX_SAMPLE_LETTERS = 40;

    final String name;
    final Network net;
    /** The ids a window model reads, or 0 for a sequence model. */
    final int context;
    /** The steps of a sequence model, or 0 for a window model. */
    final int time;

    private NamesModel(String name, Network net, int context, int time) {
        this.name = name;
        this.net = net;
        this.context = context;
        this.time = time;
    }

    /**
     * Wraps a network: its first layer must be an {@link Embedding} of the 27 tokens, and it must output
     * 27 probabilities (a window model) or 27 per input id (a sequence model).
     *
     * @throws IllegalArgumentException naming {@code source} if it is neither
     */
    static NamesModel of(String name, Network net, String source) {
        int in = net.inputSize();
        int out = net.outputSize();
        boolean embedded = net.inputNames().size() == 1
                && net.outputNames().size() == 1
                && net.layer(0) instanceof Embedding e
                && e.vocabulary() == NamesData.VOCABULARY;
        if (embedded && out == NamesData.VOCABULARY) {
            return new NamesModel(name, net, in, 0);
        }
        if (embedded && out == in * NamesData.VOCABULARY && in > 1) {
            return new NamesModel(name, net, 0, in);
        }
        throw new IllegalArgumentException(source + " is not a names model: it maps " + in + " -> " + out
                + " values; a names model starts with an Embedding of the 27 tokens and outputs 27"
                + " probabilities (after a window of ids) or 27 per step (of a sequence of ids)");
    }

    boolean isSequence() {
        return time > 0;
    }

    /** The longest name this model scores: unlimited for a window model, {@code time - 1} letters otherwise. */
    int maxLetters() {
        return isSequence() ? time - 1 : Integer.MAX_VALUE;
    }

    /** The examples this model trains on and scores: windows or padded sequences. */
    NamesData.Examples examples(List<String> names) {
        return isSequence() ? NamesData.sequences(names, time) : NamesData.windows(names, context);
    }

    /** The mean negative log-likelihood of {@code names}, nats per predicted character. */
    double nll(List<String> names) {
        double sum = 0;
        long count = 0;
        for (int from = 0; from < names.size(); from += BLOCK) {
            List<String> block = names.subList(from, Math.min(names.size(), from + BLOCK));
            NamesData.Examples e = examples(block);
            double[][] p = net.predict(e.arrays(net.dataType())[0]).toDoubleMatrix();
            for (int r = 0; r < e.rows(); r++) {
                for (int t = 0; t < e.yWidth(); t++) {
                    int target = (int) e.y()[r * e.yWidth() + t];
                    if (target != NamesData.IGNORED) {
                        sum -= Math.log(p[r][t * NamesData.VOCABULARY + target]);
                        count++;
                    }
                }
            }
        }
        return sum / count;
    }

    /** A sampled name: its letters, and whether the model ended it (false: cut at the length limit). */
    record Sample(String letters, boolean ended) {}

    /**
     * Samples one name: from the start token, each next token drawn from the model's distribution
     * sharpened or flattened by {@code temperature} ({@code p_i^(1/T)}, renormalized), until the end
     * token or the length limit.
     */
    Sample sample(Random rng, double temperature) {
        StringBuilder sb = new StringBuilder();
        int limit = isSequence() ? time - 1 : MAX_SAMPLE_LETTERS;
        int[] ids = new int[limit + 2];
        for (int t = 1; ; t++) {
            double[] p = next(ids, t);
            int id = draw(p, temperature, rng);
            if (id == NamesData.BOUNDARY) {
                return new Sample(sb.toString(), true);
            }
            if (sb.length() == limit) {
                return new Sample(sb.toString(), false);
            }
            sb.append(NamesData.character(id));
            ids[t] = id;
        }
    }

    /** The distribution of token {@code t} given tokens 0..t-1 of {@code ids}. */
    double[] next(int[] ids, int t) {
        float[] x = new float[isSequence() ? time : context];
        if (isSequence()) {
            for (int k = 0; k < t; k++) {
                x[k] = ids[k];
            }
        } else {
            NamesData.window(ids, t, context, x, 0);
        }
        INDArray in = Nd4j.create(x, new long[] {1, x.length}, 'c').castTo(net.dataType());
        double[] all = net.predict(in).toDoubleVector();
        double[] p = new double[NamesData.VOCABULARY];
        int at = isSequence() ? (t - 1) * NamesData.VOCABULARY : 0;
        System.arraycopy(all, at, p, 0, p.length);
        return p;
    }

    static int draw(double[] p, double temperature, Random rng) {
        double[] w = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            w[i] = p[i] > 0 ? Math.log(p[i]) / temperature : Double.NEGATIVE_INFINITY;
            max = Math.max(max, w[i]);
        }
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(w[i] - max);
            total += w[i];
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u < 0) {
                return i;
            }
        }
        return w.length - 1;
    }
}
