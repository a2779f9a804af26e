package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.init.Initializer;

/**
 * Two steps, two features, two units, set weights: each cell's outputs worked out by hand from the
 * published equations (PyTorch's nn.RNN, nn.LSTM, nn.GRU), the arithmetic in the comments (σ the
 * logistic function), compared with the layer (fast path, both output settings) and its reference.
 * The sequence is x_1 = [1, 2], x_2 = [0.5, -1].
 */
class RecurrentByHandTest {
    private static final SequenceShape IN = new SequenceShape(2, 2);
    private static final double[] X = {1, 2, 0.5, -1};

    private static double[] run(RecurrentLayer layer, double[][] wIh, double[][] wHh, double[] bIh, double[] bHh) {
        layer.build(DataType.DOUBLE, new Random(1));
        layer.weightIh().assign(Nd4j.create(wIh));
        layer.weightHh().assign(Nd4j.create(wHh));
        layer.biasIh().assign(Nd4j.create(new double[][] {bIh}));
        layer.biasHh().assign(Nd4j.create(new double[][] {bHh}));
        INDArray x = Nd4j.create(new double[][] {X});
        double[] fast = layer.forward(x).data().asDouble();
        assertArrayEquals(fast, layer.referenceForward(new double[][] {X}, null)[0], 1e-15, "reference");
        return fast;
    }

    private static void check(double[] h1, double[] h2, RecurrentLayer seq, RecurrentLayer last, Object... w) {
        double[] all = run(seq, (double[][]) w[0], (double[][]) w[1], (double[]) w[2], (double[]) w[3]);
        assertArrayEquals(new double[] {h1[0], h1[1], h2[0], h2[1]}, all, 1e-12, "every step");
        double[] end = run(last, (double[][]) w[0], (double[][]) w[1], (double[]) w[2], (double[]) w[3]);
        assertArrayEquals(h2, end, 1e-12, "last step");
    }

    @Test
    void simpleRnnByHand() {
        double[][] wIh = {{0.1, 0.2}, {0.3, -0.1}};
        double[][] wHh = {{0.2, -0.3}, {0.4, 0.1}};
        double[] bIh = {0.1, -0.1};
        double[] bHh = {0, 0.05};
        // t=1, h_0 = 0: a = W_ih x_1 + b_ih + b_hh = [0.1·1 + 0.2·2 + 0.1 + 0, 0.3·1 - 0.1·2 - 0.1 + 0.05]
        //   = [0.6, 0.05]; h_1 = tanh(a) = [0.5370495669980353, 0.04995837495787998]
        double[] h1 = {0.5370495669980353, 0.04995837495787998};
        // t=2: W_ih x_2 + b_ih + b_hh = [0.05 - 0.2 + 0.1, 0.15 + 0.1 - 0.1 + 0.05] = [-0.05, 0.2];
        //   W_hh h_1 = [0.2·0.53705 - 0.3·0.04996, 0.4·0.53705 + 0.1·0.04996] = [0.09242, 0.21982];
        //   a = [0.04242240091224307, 0.41981566429500217]; h_2 = tanh(a) = [0.042397, 0.396775]
        double[] h2 = {0.04239697058438731, 0.39677512772333706};
        check(h1, h2, new SimpleRNN(IN, 2, true, Initializer.zeros()), new SimpleRNN(IN, 2, false), wIh, wHh, bIh, bHh);
    }

    @Test
    void lstmByHand() {
        // rows in PyTorch's gate order: i (2 rows), f, g, o
        double[][] wIh = {{0.5, 0}, {0, 0.5}, {0.1, 0.1}, {0.2, -0.2}, {1, 0}, {0, -1}, {0.3, 0.3}, {-0.3, 0.3}};
        double[][] wHh = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0.5}, {0.5, 0}, {0.1, 0}, {0, 0.1}};
        double[] bIh = {0, 0, 1, 1, 0, 0, 0, 0}; // forget bias 1
        double[] bHh = {0, 0, 0, 0, 0, 0, 0.1, -0.1};
        // t=1, h_0 = c_0 = 0: a_i = [0.5, 1], a_f = [0.1 + 0.2 + 1, 0.2 - 0.4 + 1] = [1.3, 0.8],
        //   a_g = [1, -2], a_o = [0.3 + 0.6 + 0.1, -0.3 + 0.6 - 0.1] = [1, 0.2]
        //   i = σ(a_i) = [0.62246, 0.73106], g = tanh(a_g) = [0.76159, -0.96403], o = σ(a_o) = [0.73106, 0.54983]
        //   c_1 = f ⊙ 0 + i ⊙ g = [0.62246·0.76159, 0.73106·-0.96403] = [0.474061, -0.704761]
        //   h_1 = o ⊙ tanh(c_1) = [0.73106·0.44148, 0.54983·-0.60738] = [0.322744, -0.333959]
        double[] h1 = {0.3227440813830523, -0.33395863906369677};
        // t=2: a_i = [0.25, -0.5], a_f = [0.05 - 0.1 + 1, 0.1 + 0.2 + 1] = [0.95, 1.3],
        //   a_g = [0.5 + 0.5·h_1[1], -(-1) + 0.5·h_1[0]] = [0.333021, 1.161372],
        //   a_o = [0.15 - 0.3 + 0.1·h_1[0] + 0.1, -0.15 - 0.3 + 0.1·h_1[1] - 0.1] = [-0.017726, -0.583396]
        //   i = [0.562177, 0.377541], f = [0.721115, 0.785835], g = [0.321232, 0.821487], o = [0.495569, 0.358152]
        //   c_2 = f ⊙ c_1 + i ⊙ g = [0.721115·0.474061 + 0.562177·0.321232, 0.785835·-0.704761 + 0.377541·0.821487]
        //       = [0.522442, -0.243681]
        //   h_2 = o ⊙ tanh(c_2) = [0.495569·0.479583, 0.358152·-0.238970] = [0.237666, -0.085587]
        double[] h2 = {0.23766617119625416, -0.085587329800146};
        check(h1, h2, new LSTM(IN, 2, true), new LSTM(IN, 2, false), wIh, wHh, bIh, bHh);
    }

    @Test
    void gruByHand() {
        // rows in PyTorch's gate order: r (2 rows), z, n
        double[][] wIh = {{0.5, 0}, {0, 0.5}, {0.1, 0.1}, {0.2, -0.2}, {1, 0}, {0, -1}};
        double[][] wHh = {{0, 0}, {0, 0}, {0.3, 0}, {0, 0.3}, {0, 0.5}, {0.5, 0}};
        double[] bIh = {0, 0, 0.1, 0, 0, 0};
        double[] bHh = {0, 0, 0, 0, 0.2, -0.2}; // b_hn, inside r ⊙ (W_hn h + b_hn)
        // t=1, h_0 = 0: r = σ([0.5, 1]) = [0.622459, 0.731059], z = σ([0.3 + 0.1, -0.2]) = [0.598688, 0.450166],
        //   n = tanh([1 + r_0·0.2, -2 + r_1·(-0.2)]) = tanh([1.124492, -2.146212]) = [0.809126, -0.973025],
        //   h_1 = (1 - z) ⊙ n + z ⊙ 0 = [0.401312·0.809126, 0.549834·-0.973025] = [0.324712, -0.535002]
        double[] h1 = {0.3247121182161619, -0.5350023827534061};
        // t=2: r = σ([0.25, -0.5]) = [0.562177, 0.377541],
        //   z = σ([0.05 - 0.1 + 0.1 + 0.3·h_1[0], 0.1 + 0.2 + 0.3·h_1[1]]) = σ([0.147414, 0.139499]) = [0.536787,
        // 0.534818]
        //   W_hn h_1 + b_hn = [0.5·h_1[1] + 0.2, 0.5·h_1[0] - 0.2] = [-0.067501, -0.037644]
        //   n = tanh([0.5 + r_0·(-0.067501), 1 + r_1·(-0.037644)]) = tanh([0.462052, 0.985788]) = [0.431756, 0.755561]
        //   h_2 = (1 - z) ⊙ n + z ⊙ h_1 = [0.463213·0.431756 + 0.536787·0.324712, 0.465182·0.755561 +
        // 0.534818·-0.535002]
        //       = [0.374296, 0.065344]
        double[] h2 = {0.3742960284586806, 0.06534376925853302};
        check(h1, h2, new GRU(IN, 2, true), new GRU(IN, 2, false), wIh, wHh, bIh, bHh);
    }
}
