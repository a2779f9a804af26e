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
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nnj.metrics.ConfusionMatrix;

/** PNG charts with XChart (and plain Java2D for the digit grid). */
public final class Plots {
    static final int WIDTH = 800;
    static final int HEIGHT = 600;
    static final Color[] PALETTE = {
        new Color(31, 119, 180),
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(214, 39, 40),
        new Color(148, 103, 189),
        new Color(140, 86, 75),
        new Color(227, 119, 194),
        new Color(127, 127, 127),
        new Color(188, 189, 34),
        new Color(23, 190, 207)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** One line per series, x = 1, 2, ... (epochs). */
    public static void lines(Path png, String title, String xLabel, String yLabel, Map<String, List<Double>> series)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> y = e.getValue();
            if (y.isEmpty()) {
                continue;
            }
            List<Integer> x = new ArrayList<>();
            for (int i = 1; i <= y.size(); i++) {
                x.add(i);
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(y.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A scatter chart to which callers add series; see {@link #points} and {@link #line}. */
    static XYChart scatter(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    static void points(XYChart chart, String name, List<Double> x, List<Double> y, Color color, int size) {
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    /** The line {@code a x + b y + c = 0} across [xMin, xMax], clipped to [yMin, yMax]. */
    static void line(
            XYChart chart,
            String name,
            double a,
            double b,
            double c,
            double xMin,
            double xMax,
            double yMin,
            double yMax,
            Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int steps = 200;
        for (int i = 0; i <= steps; i++) {
            double x = xMin + (xMax - xMin) * i / steps;
            double y = b != 0 ? -(a * x + c) / b : Double.NaN;
            if (Double.isFinite(y) && y >= yMin && y <= yMax) {
                xs.add(x);
                ys.add(y);
            }
        }
        if (xs.size() < 2) {
            return;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
    }

    /** A line through the points (x[i], y[i]), without markers. */
    static void polyline(XYChart chart, String name, List<Double> x, List<Double> y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
    }

    static void save(XYChart chart, Path png) throws IOException {
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Something that assigns a class to a point of the plane. */
    interface Classifier2D {
        /** Classes of the points (xs[i], ys[i]). */
        int[] classify(double[] xs, double[] ys);
    }

    /**
     * Decision regions of a classifier over [xMin, xMax] x [yMin, yMax] (a light dot per grid point,
     * coloured by predicted class) with the data points on top.
     */
    static void decisionRegions(
            Path png,
            String title,
            String xLabel,
            String yLabel,
            Classifier2D model,
            double[] px,
            double[] py,
            int[] pc,
            List<String> classNames,
            double xMin,
            double xMax,
            double yMin,
            double yMax)
            throws IOException {
        int grid = 90;
        double[] gx = new double[grid * grid];
        double[] gy = new double[grid * grid];
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                gx[i * grid + j] = xMin + (xMax - xMin) * j / (grid - 1);
                gy[i * grid + j] = yMin + (yMax - yMin) * i / (grid - 1);
            }
        }
        int[] gc = model.classify(gx, gy);
        XYChart chart = scatter(title, xLabel, yLabel);
        chart.getStyler().setMarkerSize(4);
        for (int c = 0; c < classNames.size(); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < gc.length; i++) {
                if (gc[i] == c) {
                    xs.add(gx[i]);
                    ys.add(gy[i]);
                }
            }
            Color base = PALETTE[c % PALETTE.length];
            points(
                    chart,
                    "region: " + classNames.get(c),
                    xs,
                    ys,
                    new Color(base.getRed(), base.getGreen(), base.getBlue(), 50),
                    3);
        }
        for (int c = 0; c < classNames.size(); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < pc.length; i++) {
                if (pc[i] == c) {
                    xs.add(px[i]);
                    ys.add(py[i]);
                }
            }
            points(chart, classNames.get(c), xs, ys, PALETTE[c % PALETTE.length].darker(), 6);
        }
        save(chart, png);
    }

    /** The confusion matrix as a heat map with counts, rows actual, columns predicted. */
    public static void confusion(Path png, String title, ConfusionMatrix cm) throws IOException {
        int k = cm.classes();
        List<String> names = cm.names();
        List<Number[]> cells = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - a, cm.count(a, p)});
            }
        }
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("predicted")
                .yAxisTitle("actual")
                .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(31, 119, 180)});
        chart.addSeries("count", names, reversed, cells);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Greyscale images (values in [0, 1], side x side) in a grid, each with a caption. */
    static void imageGrid(Path png, String title, List<float[]> images, int side, List<String> captions)
            throws IOException {
        imageGrid(png, title, images, side, captions, 3);
    }

    /** As above, each pixel drawn as a {@code scale x scale} square. */
    static void imageGrid(Path png, String title, List<float[]> images, int side, List<String> captions, int scale)
            throws IOException {
        int cols = 8;
        int rows = Math.max(1, (images.size() + cols - 1) / cols);
        int cell = Math.max(side * scale, 60) + 24;
        int width = Math.max(cols * cell, 400);
        int height = Math.max(rows * cell + 30, 240);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < images.size(); i++) {
            int x0 = (i % cols) * cell + 12;
            int y0 = (i / cols) * cell + 30;
            float[] pixels = images.get(i);
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    int v = 255 - Math.round(Math.max(0, Math.min(1, pixels[r * side + c])) * 255);
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                }
            }
            g.setColor(Color.RED.darker());
            g.drawString(captions.get(i), x0, y0 + side * scale + 12);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
