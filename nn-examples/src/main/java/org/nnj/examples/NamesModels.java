package org.nnj.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.layers.Embedding;
import org.nnj.layers.GRU;
import org.nnj.layers.LSTM;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.PositionalEmbedding;
import org.nnj.layers.SequenceShape;
import org.nnj.layers.TimeDistributed;
import org.nnj.losses.SparseSoftmaxCrossEntropy;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;
import org.nnj.optim.AdamW;

/**
 * The models of the {@code names} demo and how they are trained (makemore's recipes). Every trained
 * model: AdamW (learning rate {@value #LEARNING_RATE}, weight decay {@value #WEIGHT_DECAY} on all
 * parameters, β = (0.9, 0.999), ε = 1e-8, PyTorch's defaults), {@value #BATCH} examples a step drawn
 * uniformly with replacement (names for the sequence models, windows for the MLP), dense layers
 * initialized as PyTorch's {@code nn.Linear} (weights and biases uniform in ±1/sqrt(in)), embeddings
 * N(0, 1) as {@code nn.Embedding}; the transformer's position table N(0, 0.02²) (GPT-2's, nnj's default),
 * chosen on validation over N(0, 1) (seeds 1-3: 2.045, 2.055, 2.023; N(0, 1): 2.062, 2.034 at seeds 1-2).
 *
 * <ul>
 *   <li>{@code bigram}: counts of each (previous, next) pair on the training names plus 1 on every cell,
 *       each row normalized: {@code P(b | a) = (N[a, b] + 1) / (Σ_b N[a, b] + 27)}. Not trained; held as
 *       an Embedding (27 x 27, float64) whose row a is {@code ln P(· | a)}, so that its softmax is P.
 *   <li>{@code mlp} (Bengio et al. 2003): the previous 3 tokens, Embedding(27, 16) each, concatenated
 *       (48), Dense(48, 128, tanh), Dense(128, 27), softmax cross-entropy on the next token.
 *   <li>{@code gru}, {@code lstm}: Embedding(27, 32) per step, one recurrent layer of 128 units returning
 *       every step, Dense(128, 27) at every step, softmax cross-entropy per step.
 *   <li>{@code transformer} (GPT-style, context 16): token embedding plus learned position embedding
 *       (64), two pre-LayerNorm blocks {@code x + MHA(LN(x))}, {@code x + MLP(LN(x))} with 4 causal heads
 *       of 16 and an MLP 64-256-64 with exact GELU, a final LayerNorm, Dense(64, 27) at every step.
 * </ul>
 *
 * A sequence model reads names padded at the end to a fixed length (the longest name + 1 steps; 16 for
 * the transformer); the padded steps' targets are ignored by the loss, and every layer is causal, so
 * this is the same as padding each batch to its longest name.
 */
final class NamesModels {
    static final List<String> ALL = List.of("bigram", "mlp", "gru", "lstm", "transformer");
    static final int BATCH = 64;
    static final double LEARNING_RATE = 3e-3;
    static final double WEIGHT_DECAY = 0.01;
    static final int MLP_CONTEXT = 3;
    static final int TRANSFORMER_CONTEXT = 16;

    private NamesModels() {}

    /** The steps of each recipe (the bigram is counted, not trained). */
    static int defaultSteps(String model) {
        return switch (model) {
            case "bigram" -> 0;
            case "mlp" -> 13000;
            case "gru" -> 1000;
            case "lstm" -> 1500;
            case "transformer" -> 1000;
            default -> throw unknown(model);
        };
    }

    static IllegalArgumentException unknown(String model) {
        return new IllegalArgumentException(
                "--model " + model + " is not a names model: choose from " + String.join(", ", ALL));
    }

    /** The bigram of {@code train}, as the class describes. */
    static NamesModel bigram(List<String> train, long seed) {
        double[][] counts = bigramCounts(train);
        double[][] logP = new double[NamesData.VOCABULARY][NamesData.VOCABULARY];
        for (int a = 0; a < logP.length; a++) {
            double total = 0;
            for (double c : counts[a]) {
                total += c + 1;
            }
            for (int b = 0; b < logP[a].length; b++) {
                logP[a][b] = Math.log((counts[a][b] + 1) / total);
            }
        }
        Embedding table = new Embedding(NamesData.VOCABULARY, NamesData.VOCABULARY, 1);
        Network net = Network.builder()
                .add(table)
                .loss(new SparseSoftmaxCrossEntropy(NamesData.VOCABULARY))
                .dataType(DataType.DOUBLE)
                .seed(seed)
                .build();
        table.weight().assign(Nd4j.createFromArray(logP));
        return NamesModel.of("bigram", net, "the bigram");
    }

    /** {@code counts[a][b]}: how often token b follows token a in {@code names} (boundaries included). */
    static double[][] bigramCounts(List<String> names) {
        double[][] counts = new double[NamesData.VOCABULARY][NamesData.VOCABULARY];
        for (String name : names) {
            int[] ids = NamesData.encode(name);
            for (int t = 1; t < ids.length; t++) {
                counts[ids[t - 1]][ids[t]]++;
            }
        }
        return counts;
    }

    /** The untrained network of {@code model} for sequences of {@code time} steps (ignored by the MLP). */
    static NamesModel build(String model, int time, long seed) {
        Network net =
                switch (model) {
                    case "mlp" -> mlp(seed);
                    case "gru", "lstm" -> recurrent(model, time, seed);
                    case "transformer" -> transformer(TRANSFORMER_CONTEXT, seed);
                    default -> throw unknown(model);
                };
        return NamesModel.of(model, net, "the " + model);
    }

    /** Dense initialized as PyTorch's nn.Linear: weights and biases uniform in ±1/sqrt(in). */
    static Dense linear(int in, int out, Activation activation) {
        double b = 1 / Math.sqrt(in);
        return new Dense(in, out, activation, Initializer.uniform(-b, b), Initializer.uniform(-b, b));
    }

    static Network mlp(long seed) {
        int emb = 16;
        return Network.builder()
                .add(new Embedding(NamesData.VOCABULARY, emb, MLP_CONTEXT))
                .add(linear(MLP_CONTEXT * emb, 128, Activation.tanh()))
                .add(linear(128, NamesData.VOCABULARY, Activation.identity()))
                .loss(new SparseSoftmaxCrossEntropy(NamesData.VOCABULARY))
                .seed(seed)
                .build();
    }

    static SparseSoftmaxCrossEntropy perStep() {
        return new SparseSoftmaxCrossEntropy(NamesData.VOCABULARY).ignoring(NamesData.IGNORED);
    }

    static Network recurrent(String kind, int time, long seed) {
        int emb = 32;
        SequenceShape steps = new SequenceShape(time, emb);
        return Network.builder()
                .add(new Embedding(NamesData.VOCABULARY, emb, time))
                .add(kind.equals("gru") ? new GRU(steps, 128, true) : new LSTM(steps, 128, true))
                .add(new TimeDistributed(linear(128, NamesData.VOCABULARY, Activation.identity()), time))
                .loss(perStep())
                .seed(seed)
                .build();
    }

    static Network transformer(int time, long seed) {
        int d = 64;
        SequenceShape shape = new SequenceShape(time, d);
        GraphBuilder g = Network.graph();
        Node ids = g.input("ids", time);
        Node x = g.apply(new Embedding(NamesData.VOCABULARY, d, time), ids);
        x = g.apply(new PositionalEmbedding(time, d), x);
        for (int block = 0; block < 2; block++) {
            Node a = g.apply(new LayerNormalization(shape), x);
            a = g.apply(new MultiHeadAttention(time, d, 4, true), a);
            x = g.add(x, a);
            Node m = g.apply(new LayerNormalization(shape), x);
            m = g.apply(new TimeDistributed(linear(d, 4 * d, gelu()), time), m);
            m = g.apply(new TimeDistributed(linear(4 * d, d, Activation.identity()), time), m);
            x = g.add(x, m);
        }
        x = g.apply(new LayerNormalization(shape), x);
        Node logits = g.apply(new TimeDistributed(linear(d, NamesData.VOCABULARY, Activation.identity()), time), x);
        g.output("next", logits, perStep());
        return g.seed(seed).build();
    }

    /** Exact GELU, {@code x Φ(x)} (PyTorch's {@code nn.GELU()}). */
    static Activation gelu() {
        return Activation.gelu();
    }

    /** What a training run gives: the per-step losses, the validation curve, the time spent in steps. */
    record Trained(
            NamesModel model, List<Double> stepLoss, List<Integer> evalSteps, List<Double> valNll, double seconds) {}

    /**
     * Trains {@code m} for {@code steps} steps on {@code train} as the class says (batches drawn from
     * {@code Random(seed)}), scoring {@code validation} every {@code evalEvery} steps (not timed).
     */
    static Trained train(
            NamesModel m, List<String> train, List<String> validation, int steps, long seed, int evalEvery) {
        NamesData.Examples examples = m.examples(train);
        AdamW optimizer = new AdamW(LEARNING_RATE, WEIGHT_DECAY);
        Random rng = new Random(seed);
        int[] picks = new int[BATCH];
        List<Double> losses = new ArrayList<>(steps);
        List<Integer> evalSteps = new ArrayList<>();
        List<Double> valNll = new ArrayList<>();
        long nanos = 0;
        for (int step = 1; step <= steps; step++) {
            for (int i = 0; i < BATCH; i++) {
                picks[i] = rng.nextInt(examples.rows());
            }
            long t0 = System.nanoTime();
            INDArray[] xy = examples.batch(picks, m.net.dataType());
            losses.add(m.net.trainStep(xy[0], xy[1], optimizer));
            nanos += System.nanoTime() - t0;
            if (step % evalEvery == 0 || step == steps) {
                evalSteps.add(step);
                valNll.add(m.nll(validation));
            }
        }
        return new Trained(m, losses, evalSteps, valNll, nanos / 1e9);
    }
}
