package org.nnj.examples;

import java.util.List;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.layers.Embedding;
import org.nnj.layers.GRU;
import org.nnj.layers.GlobalTimePooling;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.PaddingMask;
import org.nnj.layers.PositionalEmbedding;
import org.nnj.layers.SequenceShape;
import org.nnj.layers.TimeDistributed;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;

/**
 * The networks of the {@code text} command, each ending in one logit (spam if {@code > 0}) trained with
 * binary cross-entropy from logits. Token ids come in as a row of {@code time} ids
 * ({@link Tokenizer}, 0 = padding); {@code bag} reads {@link TfIdf} features instead.
 *
 * <ul>
 *   <li>{@code bag}: TF-IDF (vocabulary wide) → Dense 64 ReLU → Dense 1.</li>
 *   <li>{@code mean}: Embedding 64 (padding row 0) → average over the real steps (the padding mask) →
 *       Dense 1: a linear model of the mean word vector.</li>
 *   <li>{@code gru}: Embedding 64 → GRU 64 over the real steps (every step's state; the padding
 *       mask carries the state over padded steps) → max over the real steps → Dense 1.</li>
 *   <li>{@code transformer}: Embedding 64 + learned positions → 2 post-norm encoder blocks
 *       ({@code x = LN(x + MHA(x, mask))}, {@code x = LN(x + W2 relu(W1 x))}, 4 heads, feed-forward
 *       128, per step) → masked average → Dense 1.</li>
 * </ul>
 */
final class TextModels {
    /** Every {@code --model}. */
    static final List<String> NAMES = List.of("bag", "mean", "gru", "transformer");

    static final int DIMENSION = 64;
    static final int HEADS = 4;
    static final int FEED_FORWARD = 128;
    static final int BLOCKS = 2;

    private TextModels() {}

    static Network build(String model, int vocabulary, int time, long seed) {
        return switch (model) {
            case "bag" -> bag(vocabulary, seed);
            case "mean" -> mean(vocabulary, time, seed);
            case "transformer" -> transformer(vocabulary, time, seed);
            case "gru" -> gru(vocabulary, time, seed);
            default -> throw new IllegalArgumentException(
                    "--model must be one of " + String.join(", ", NAMES) + ", got " + model);
        };
    }

    static Network bag(int vocabulary, long seed) {
        return Network.builder()
                .add(new Dense(vocabulary, DIMENSION, Activation.relu()))
                .add(new Dense(DIMENSION, 1))
                .loss(BinaryCrossEntropy.fromLogits())
                .seed(seed)
                .build();
    }

    static Network mean(int vocabulary, int time, long seed) {
        GraphBuilder g = Network.graph();
        Node ids = g.input("ids", time);
        Node h = g.apply(new Embedding(vocabulary, DIMENSION, time).withPaddingId(Tokenizer.PADDING), ids);
        Node mask = g.apply(new PaddingMask(time, Tokenizer.PADDING), ids);
        Node pooled = g.apply(GlobalTimePooling.average(time, DIMENSION), h, mask);
        g.output("spam", g.apply(new Dense(DIMENSION, 1), pooled), BinaryCrossEntropy.fromLogits());
        return g.seed(seed).build();
    }

    static Network gru(int vocabulary, int time, long seed) {
        GraphBuilder g = Network.graph();
        Node ids = g.input("ids", time);
        Node x = g.apply(new Embedding(vocabulary, DIMENSION, time).withPaddingId(Tokenizer.PADDING), ids);
        Node mask = g.apply(new PaddingMask(time, Tokenizer.PADDING), ids);
        Node h = g.apply(new GRU(new SequenceShape(time, DIMENSION), DIMENSION, true), x, mask);
        Node pooled = g.apply(GlobalTimePooling.max(time, DIMENSION), h, mask);
        g.output("spam", g.apply(new Dense(DIMENSION, 1), pooled), BinaryCrossEntropy.fromLogits());
        return g.seed(seed).build();
    }

    static Network transformer(int vocabulary, int time, long seed) {
        GraphBuilder g = Network.graph();
        Node ids = g.input("ids", time);
        Node x = g.apply(new Embedding(vocabulary, DIMENSION, time).withPaddingId(Tokenizer.PADDING), ids);
        x = g.apply(new PositionalEmbedding(time, DIMENSION), x);
        Node mask = g.apply(new PaddingMask(time, Tokenizer.PADDING), ids);
        for (int b = 0; b < BLOCKS; b++) {
            x = encoderBlock(g, x, mask, time);
        }
        Node pooled = g.apply(GlobalTimePooling.average(time, DIMENSION), x, mask);
        g.output("spam", g.apply(new Dense(DIMENSION, 1), pooled), BinaryCrossEntropy.fromLogits());
        return g.seed(seed).build();
    }

    /** One post-norm encoder block: attention and a per-step feed-forward, each with a residual add and LayerNorm. */
    static Node encoderBlock(GraphBuilder g, Node x, Node mask, int time) {
        Node a = g.apply(new MultiHeadAttention(time, DIMENSION, HEADS), x, mask);
        x = g.apply(new LayerNormalization(time, DIMENSION, LayerNormalization.DEFAULT_EPSILON), g.add(x, a));
        Node f = g.apply(new TimeDistributed(new Dense(DIMENSION, FEED_FORWARD, Activation.relu()), time), x);
        f = g.apply(new TimeDistributed(new Dense(FEED_FORWARD, DIMENSION), time), f);
        return g.apply(new LayerNormalization(time, DIMENSION, LayerNormalization.DEFAULT_EPSILON), g.add(x, f));
    }
}
