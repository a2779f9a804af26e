package org.nnj.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.nnj.layers.Embedding;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.PositionalEmbedding;
import org.nnj.models.Network;

/** The {@code names} demo's pictures: the loss curves and the transformer's attention. */
final class NamesPlots {
    private NamesPlots() {}

    /**
     * Training loss (the mean of each run of {@code steps/100} steps, plotted at the run's last step) and
     * validation NLL of each trained model, against the step.
     */
    static void losses(Path png, List<NamesModels.Trained> runs) throws IOException {
        XYChart chart = Plots.scatter("names: NLL per character (nats)", "step", "NLL (nats/char)");
        for (NamesModels.Trained run : runs) {
            List<Double> loss = run.stepLoss();
            int bin = Math.max(1, loss.size() / 100);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int from = 0; from + bin <= loss.size(); from += bin) {
                double sum = 0;
                for (int i = from; i < from + bin; i++) {
                    sum += loss.get(i);
                }
                xs.add((double) (from + bin));
                ys.add(sum / bin);
            }
            if (xs.size() >= 2) {
                Plots.polyline(chart, run.model().name + " training batches", xs, ys);
            }
            List<Double> vx = run.evalSteps().stream().map(Integer::doubleValue).toList();
            Plots.polyline(chart, run.model().name + " validation", vx, run.valNll());
        }
        Plots.save(chart, png);
    }

    /**
     * The attention weights of the first block of a transformer built by {@link NamesModels#transformer}
     * over the tokens {@code ids}: {@code [head][query][key]}, computed from the layers' public weights
     * with the equations of {@link MultiHeadAttention}'s Javadoc ({@code x_t = E[id_t] + P[t]}, {@code h =
     * LN(x)}, {@code Q = h W_qᵀ + b_q}, {@code K = h W_kᵀ + b_k}, {@code P_h = softmax(Q_h K_hᵀ / √d_h)} over
     * the keys {@code <=} the query). Null if the network is not shaped so.
     */
    static double[][][] firstBlockAttention(Network net, int[] ids) {
        List<org.nnj.layers.Layer> layers = net.layers();
        if (layers.size() < 4
                || !(layers.get(0) instanceof Embedding emb)
                || !(layers.get(1) instanceof PositionalEmbedding pos)
                || !(layers.get(2) instanceof LayerNormalization ln)
                || !(layers.get(3) instanceof MultiHeadAttention mha)) {
            return null;
        }
        int d = mha.dModel();
        int heads = mha.heads();
        int dh = d / heads;
        int n = ids.length;
        double[][] table = emb.weight().toDoubleMatrix();
        double[][] p = pos.table().reshape(pos.table().length() / d, d).toDoubleMatrix();
        double[] gamma = ln.gamma().toDoubleVector();
        double[] beta = ln.beta().toDoubleVector();
        double[][] w = mha.inProjectionWeight().toDoubleMatrix();
        double[] b = mha.inProjectionBias().toDoubleVector();
        double[][] q = new double[n][d];
        double[][] k = new double[n][d];
        for (int t = 0; t < n; t++) {
            double[] x = new double[d];
            double mean = 0;
            for (int j = 0; j < d; j++) {
                x[j] = table[ids[t]][j] + p[t][j];
                mean += x[j] / d;
            }
            double var = 0;
            for (int j = 0; j < d; j++) {
                var += (x[j] - mean) * (x[j] - mean) / d;
            }
            double sd = Math.sqrt(var + ln.epsilon());
            for (int j = 0; j < d; j++) {
                x[j] = gamma[j] * (x[j] - mean) / sd + beta[j];
            }
            for (int o = 0; o < d; o++) {
                double sq = b[o];
                double sk = b[d + o];
                for (int j = 0; j < d; j++) {
                    sq += w[o][j] * x[j];
                    sk += w[d + o][j] * x[j];
                }
                q[t][o] = sq;
                k[t][o] = sk;
            }
        }
        double[][][] att = new double[heads][n][n];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] s = new double[i + 1];
                for (int j = 0; j <= i; j++) {
                    for (int c = h * dh; c < (h + 1) * dh; c++) {
                        s[j] += q[i][c] * k[j][c];
                    }
                    s[j] /= Math.sqrt(dh);
                    max = Math.max(max, s[j]);
                }
                double total = 0;
                for (int j = 0; j <= i; j++) {
                    s[j] = Math.exp(s[j] - max);
                    total += s[j];
                }
                for (int j = 0; j <= i; j++) {
                    att[h][i][j] = s[j] / total;
                }
            }
        }
        return att;
    }

    /** Each head's weights as a grid (rows: the query token, columns: the key token; dark = 1). */
    static void attention(Path png, String title, double[][][] att, String tokens) throws IOException {
        int n = tokens.length();
        int cell = 26;
        int gap = 40;
        int side = n * cell;
        int width = att.length * (side + gap) + gap;
        int height = side + 110;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        for (int h = 0; h < att.length; h++) {
            int x0 = gap + h * (side + gap);
            int y0 = 60;
            g.setColor(Color.BLACK);
            g.drawString("head " + h, x0, y0 - 22);
            for (int i = 0; i < n; i++) {
                g.setColor(Color.BLACK);
                g.drawString(String.valueOf(tokens.charAt(i)), x0 - 14, y0 + i * cell + 18);
                g.drawString(String.valueOf(tokens.charAt(i)), x0 + i * cell + 9, y0 - 4);
                for (int j = 0; j < n; j++) {
                    int v = 255 - (int) Math.round(255 * Math.max(0, Math.min(1, att[h][i][j])));
                    g.setColor(j > i ? new Color(235, 235, 235) : new Color(v, v, 255));
                    g.fillRect(x0 + j * cell, y0 + i * cell, cell - 1, cell - 1);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(
                "row: the query step (predicting the next token), column: the step it attends to;"
                        + " grey: masked (causal)",
                8,
                height - 14);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
