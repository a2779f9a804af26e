package org.nnj.train;

import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch (me.tongfei progressbar), showing examples done, the running loss
 * and throughput in examples per second. {@link Trainer} adds it only when it can be seen: the
 * library is on the classpath, the JVM has a console, and the environment variable CI is not "true".
 */
final class ProgressBarListener implements TrainingListener {
    private final int epochs;
    private ProgressBar bar;
    private int examples;
    private double lossSum;
    private long seen;
    private long started;
    private long lastMessage;

    ProgressBarListener(int epochs) {
        this.epochs = epochs;
    }

    /** True if a bar would be visible and the library is present. */
    static boolean available() {
        if ("true".equalsIgnoreCase(System.getenv("CI")) || System.console() == null) {
            return false;
        }
        try {
            Class.forName("me.tongfei.progressbar.ProgressBar", false, ProgressBarListener.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void onTrainBegin(int epochs, int examples, int batchSize) {
        this.examples = examples;
    }

    @Override
    public void onEpochBegin(int epoch) {
        bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs))
                .setInitialMax(examples).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setUnit(" ex", 1).build();
        lossSum = 0;
        seen = 0;
        started = System.nanoTime();
    }

    @Override
    public void onBatchEnd(int epoch, int rows, double loss) {
        lossSum += loss * rows;
        seen += rows;
        bar.stepBy(rows);
        long now = System.nanoTime();
        if (now - lastMessage > 200_000_000L) { // format the message at most five times a second
            lastMessage = now;
            double seconds = Math.max((now - started) / 1e9, 1e-9);
            bar.setExtraMessage(String.format("loss %.4f  %.0f ex/s", lossSum / seen, seen / seconds));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(String.format("%s %.4f  ", k, v)));
        bar.setExtraMessage(sb.toString().trim());
        bar.close();
    }
}
