package org.nnj.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every demo takes. */
public final class CommonOptions {
    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder for plots and metrics.json (default: out/<demo>).")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed for initialization, shuffling and splits (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed = 1;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: the demo's own).")
    Integer epochs;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    public CommonOptions() {}

    /** Options for tests and programmatic runs. */
    public CommonOptions(Path out, long seed, Integer epochs) {
        this.out = out;
        this.seed = seed;
        this.epochs = epochs;
    }

    Path out(String demo) {
        return out != null ? out : Path.of("out", demo);
    }

    int epochs(int defaultEpochs) {
        if (epochs != null && epochs <= 0) {
            throw new IllegalArgumentException("--epochs must be > 0, got " + epochs);
        }
        return epochs != null ? epochs : defaultEpochs;
    }
}
