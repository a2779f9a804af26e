package org.nnj.train;

import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nnj.models.History;
import org.nnj.models.Network;

/**
 * One console progress bar (me.tongfei progressbar) over a whole fit, counting examples processed
 * across all epochs and showing the epoch, the running loss and throughput in examples per second,
 * then each finished epoch's values. {@link Trainer} adds it only when it can be seen: the library is
 * on the classpath, the JVM has a console, and the environment variable CI is not "true".
 */
final class ProgressBarListener implements TrainingListener {
    private final String task;
    private ProgressBar bar;
    private int epochs;
    private int epoch;
    private double lossSum;
    private long seen;
    private long started;
    private long lastMessage;
    private String lastEpoch = "";

    ProgressBarListener(String task) {
        this.task = task;
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
    public void onTrainBegin(Network network, int epochs, int examples, int batchSize) {
        this.epochs = epochs;
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax((long) epochs * examples)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setUnit(" ex", 1)
                .build();
        started = System.nanoTime();
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
        lossSum = 0;
        seen = 0;
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
            bar.setExtraMessage(String.format(
                    "epoch %d/%d loss %.4f  %.0f ex/s%s",
                    epoch, epochs, lossSum / seen, bar.getCurrent() / seconds, lastEpoch));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder("  | epoch ").append(epoch);
        logs.forEach((k, v) -> sb.append(String.format(" %s %.4f", k, v)));
        lastEpoch = sb.toString();
        bar.setExtraMessage(String.format("epoch %d/%d%s", epoch, epochs, lastEpoch));
    }

    @Override
    public void onTrainEnd(History history) {
        if (bar != null) {
            bar.close();
        }
    }
}
